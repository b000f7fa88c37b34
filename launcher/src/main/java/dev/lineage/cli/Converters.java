package dev.lineage.cli;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.Role;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.signing.Algorithm;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Argument converters whose errors read as usage errors with our own explanation. */
final class Converters {
  private Converters() {}

  static final class DigestConverter implements ITypeConverter<Digest> {
    @Override
    public Digest convert(String value) {
      try {
        return Digest.parse(value);
      } catch (InvalidIdException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class AlgorithmConverter implements ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String value) {
      try {
        return Algorithm.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** ISO-8601 with a zone: {@code 2025-03-01T10:15:30Z} or {@code 2025-03-01T11:15:30+01:00}. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException notUtc) {
        try {
          return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
          throw new TypeConversionException(
              "'"
                  + value
                  + "' is not an ISO-8601 time with a zone, e.g. 2025-03-01T10:15:30Z or"
                  + " 2025-03-01T11:15:30+01:00");
        }
      }
    }
  }

  /** Any case; {@code UNKNOWN} is what old readers see for new values, never something to ask. */
  static final class ArtifactKindConverter implements ITypeConverter<ArtifactKind> {
    @Override
    public ArtifactKind convert(String value) {
      return constant(ArtifactKind.class, value, null);
    }
  }

  static final class RoleConverter implements ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      return constant(Role.class, value, Role.UNKNOWN);
    }
  }

  /** APPROVED or REJECTED, any case; UNKNOWN is a reader's fallback, never a decision. */
  static final class DecisionConverter implements ITypeConverter<ApprovalDecision> {
    @Override
    public ApprovalDecision convert(String value) {
      return constant(ApprovalDecision.class, value, ApprovalDecision.UNKNOWN);
    }
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String value, E excluded) {
    for (E e : type.getEnumConstants()) {
      if (e != excluded && e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .filter(e -> e != excluded)
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw new TypeConversionException("'" + value + "' is not one of " + allowed);
  }
}
