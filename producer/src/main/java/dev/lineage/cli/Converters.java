package dev.lineage.cli;

import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.signing.Algorithm;
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
}
