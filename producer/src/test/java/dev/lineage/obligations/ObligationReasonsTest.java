package dev.lineage.obligations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.schemas.Reason;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObligationReasonsTest {
  @Test
  void everyReasonACheckGivesIsAReasonOfTheRejectedTopic() throws IllegalAccessException {
    List<String> codes = new ArrayList<>();
    for (Field f : ObligationReasons.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        codes.add((String) f.get(null));
      }
    }
    // the two deploy-gate codes are answers of the gate, never refusals of a record
    codes.remove(ObligationReasons.OBLIGATION_OVERDUE);
    codes.remove(ObligationReasons.SUPERSEDED_BY);
    assertThat(codes).hasSize(19);
    for (String code : codes) {
      assertThat(Reason.ofWire(code)).as(code).isPresent();
    }
  }
}
