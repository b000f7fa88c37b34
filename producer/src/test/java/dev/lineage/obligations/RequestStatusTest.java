package dev.lineage.obligations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestStatusTest {
  static final Instant DEADLINE = Instant.parse("2026-03-01T00:00:00Z");
  static final Clock BEFORE = Clock.fixed(DEADLINE.minus(Duration.ofDays(1)), ZoneOffset.UTC);
  static final Clock AFTER = Clock.fixed(DEADLINE.plusSeconds(1), ZoneOffset.UTC);
  static final String M92 = "sha256:" + "92".repeat(32);
  static final String M17 = "sha256:" + "17".repeat(32);

  static Obligation open(String trigger, String model) {
    return new Obligation("del-42", trigger, model, Obligation.Action.RETRAIN, DEADLINE, null);
  }

  static Digest d(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anOpenObligationBecomesOverdueOnlyAfterItsDeadline() {
    Obligation o = open("t1", M92);

    assertThat(o.status(BEFORE.instant())).isEqualTo(ObligationStatus.OPEN);
    assertThat(o.status(DEADLINE)).isEqualTo(ObligationStatus.OPEN);
    assertThat(o.status(AFTER.instant())).isEqualTo(ObligationStatus.OVERDUE);
    Obligation noDeadline =
        new Obligation("del-42", "t1", M92, Obligation.Action.RETRAIN, null, null);
    assertThat(noDeadline.status(AFTER.instant().plus(Duration.ofDays(999))))
        .isEqualTo(ObligationStatus.OPEN);
  }

  @Test
  void aClosedObligationStaysClosedPastItsDeadlineAndSaysItWasLate() {
    Obligation late =
        open("t1", M92).close(Obligation.Closing.retrained(d("env"), AFTER.instant(), d("m93")));

    assertThat(late.status(AFTER.instant())).isEqualTo(ObligationStatus.RETRAINED);
    assertThat(late.closedLate()).isTrue();
    assertThatThrownBy(() -> late.close(Obligation.Closing.assessed(d("env2"), AFTER.instant())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theRequestGoesPendingTriggeredFulfilled() {
    Obligation a = open("t1", M92);
    Obligation b = open("t2", M17);
    Instant now = BEFORE.instant();

    assertThat(RequestStatus.of("del-42", false, List.of(), now).state())
        .isEqualTo(RequestStatus.State.PENDING);
    RequestStatus triggered = RequestStatus.of("del-42", true, List.of(a, b), now);
    assertThat(triggered.state()).isEqualTo(RequestStatus.State.TRIGGERED);
    assertThat(triggered.open()).containsExactly(b, a);

    Obligation aDone = a.close(Obligation.Closing.retrained(d("e1"), now, d("m93")));
    RequestStatus half = RequestStatus.of("del-42", true, List.of(aDone, b), now);
    assertThat(half.state()).isEqualTo(RequestStatus.State.TRIGGERED);
    assertThat(half.open()).containsExactly(b);

    Obligation bDone = b.close(Obligation.Closing.assessed(d("e2"), now));
    RequestStatus done = RequestStatus.of("del-42", true, List.of(aDone, bDone), now);
    assertThat(done.state()).isEqualTo(RequestStatus.State.FULFILLED);
    assertThat(done.unfinished()).isEmpty();
    assertThat(RequestStatus.of("del-42", true, List.of(), now).state())
        .as("an analysis that affected nothing fulfils the request")
        .isEqualTo(RequestStatus.State.FULFILLED);
  }

  @Test
  void oneOverdueObligationMakesTheRequestOverdueAndIsListedFirst() {
    Obligation a = open("t1", M92);
    Obligation b = new Obligation("del-42", "t2", M17, Obligation.Action.ASSESS, null, null);

    RequestStatus status = RequestStatus.of("del-42", true, List.of(a, b), AFTER.instant());

    assertThat(status.state()).isEqualTo(RequestStatus.State.OVERDUE);
    assertThat(status.overdue()).containsExactly(a);
    assertThat(status.open()).containsExactly(b);
    assertThat(status.unfinished()).containsExactly(a, b);
  }

  @Test
  void obligationsOfAnotherRequestAreRefused() {
    Obligation other = new Obligation("del-43", "t9", M92, Obligation.Action.RETRAIN, null, null);
    assertThatThrownBy(() -> RequestStatus.of("del-42", true, List.of(other), DEADLINE))
        .hasMessageContaining("del-43");
  }

  @Test
  void theGateRefusesAModelWithAnOverdueObligationAndNamesItsSuccessor() {
    Obligation m92 = open("t1", M92);
    Obligation m17 = open("t2", M17);

    ObligationGate before = ObligationGate.judge(M92, List.of(m92, m17), BEFORE.instant());
    assertThat(before.refusal()).isEmpty();
    assertThat(before.open()).containsExactly(m92);

    ObligationGate after = ObligationGate.judge(M92, List.of(m92, m17), AFTER.instant());
    assertThat(after.refusal()).contains("deletion-obligation-overdue");
    assertThat(after.overdue()).containsExactly(m92);

    Obligation replaced =
        m92.close(Obligation.Closing.retrained(d("e1"), BEFORE.instant(), d("m93")));
    ObligationGate done = ObligationGate.judge(M92, List.of(replaced, m17), AFTER.instant());
    assertThat(done.refusal()).isEmpty();
    assertThat(done.supersededBy()).contains(d("m93"));
    assertThat(ObligationGate.judge(M17, List.of(replaced, m17), AFTER.instant()).refusal())
        .contains(ObligationReasons.OBLIGATION_OVERDUE);
  }
}
