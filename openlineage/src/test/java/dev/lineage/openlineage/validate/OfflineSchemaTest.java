package dev.lineage.openlineage.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.SchemaLocation;
import java.io.FileNotFoundException;
import java.net.UnknownHostException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class OfflineSchemaTest {
  @Test
  void aSchemaThatIsNotBundledIsNeverFetched() {
    // `.invalid` never resolves (RFC 2606): a fetch attempt would fail with UnknownHostException
    Throwable thrown =
        Assertions.catchThrowable(
            () ->
                OpenLineageValidator.registry()
                    .getSchema(
                        SchemaLocation.of("https://schemas.example.invalid/OpenLineage.json"))
                    .initializeValidators());
    assertThat(thrown).isNotNull().hasRootCauseInstanceOf(FileNotFoundException.class);
    assertThat(thrown)
        .satisfies(t -> assertThat(rootCause(t)).isNotInstanceOf(UnknownHostException.class));
  }

  @Test
  void theBundledCoreIsFoundByItsId() {
    assertThat(OpenLineageValidator.local(OpenLineageValidator.CORE_ID))
        .isEqualTo("classpath:openlineage/spec/OpenLineage.json");
    assertThat(OpenLineageValidator.local("https://openlineage.io/spec/facets/1-0-0/Nope.json"))
        .isNull();
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
