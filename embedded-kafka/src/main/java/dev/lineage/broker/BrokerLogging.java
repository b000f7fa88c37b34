package dev.lineage.broker;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Properties;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the broker's loggers to WARN, where the application has not configured them itself.
 *
 * <p>Kafka logs through the slf4j API and ships no slf4j provider (its log4j-core dependency only
 * serves its dynamic log-level controller). With slf4j-simple or Logback at their INFO default, one
 * broker start prints several hundred lines. Shipping a configuration file instead would hijack the
 * application's own one, so the levels are set in code, logger by logger, only where nothing is
 * set: an explicit level for {@code kafka} or any of the names below wins.
 */
final class BrokerLogging {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerLogging.class);

  /**
   * Logger name prefixes of the broker side: {@code kafka.*} (the Scala core) and the {@code
   * org.apache.kafka} packages found only in the broker's jars. The client packages ({@code
   * org.apache.kafka.clients}, {@code .streams}, {@code .common}) are left alone: they belong to
   * the application as much as to the broker. The one exception is {@code AbstractConfig}: it
   * prints every config object in full, and the broker builds seven of them while starting (about
   * 1,800 of its 2,000 INFO lines); this also hides the application's client config dumps.
   */
  static final List<String> BROKER_LOGGERS =
      List.of(
          "kafka",
          "state.change.logger",
          "org.apache.kafka.common.config.AbstractConfig",
          "org.apache.kafka.config",
          "org.apache.kafka.controller",
          "org.apache.kafka.coordinator",
          "org.apache.kafka.deferred",
          "org.apache.kafka.image",
          "org.apache.kafka.logger",
          "org.apache.kafka.metadata",
          "org.apache.kafka.network",
          "org.apache.kafka.queue",
          "org.apache.kafka.raft",
          "org.apache.kafka.security",
          "org.apache.kafka.server",
          "org.apache.kafka.snapshot",
          "org.apache.kafka.storage",
          "org.apache.kafka.timeline",
          "org.apache.kafka.tools");

  private static final String SIMPLE_PREFIX = "org.slf4j.simpleLogger.log.";
  private static final String SIMPLE_FILE = "simplelogger.properties";

  private BrokerLogging() {}

  static void quietUnlessConfigured() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    String backend = factory.getClass().getName();
    if (backend.equals("org.slf4j.simple.SimpleLoggerFactory")) {
      quietSimpleLogger();
    } else if (backend.equals("ch.qos.logback.classic.LoggerContext")) {
      quietLogback();
    }
  }

  /**
   * slf4j-simple reads a logger's level from a system property, then from {@value SIMPLE_FILE},
   * when the logger is created; the broker's loggers are created after this runs.
   */
  private static void quietSimpleLogger() {
    Properties file = simpleLoggerFile();
    for (String name : BROKER_LOGGERS) {
      String key = SIMPLE_PREFIX + name;
      if (System.getProperty(key) == null && file.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }

  private static Properties simpleLoggerFile() {
    Properties props = new Properties();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ClassLoader.getSystemClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(SIMPLE_FILE)) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      LOG.debug("Cannot read {}; treating every broker logger as unconfigured", SIMPLE_FILE, e);
    }
    return props;
  }

  /**
   * Logback is not a dependency of this module, so it is driven by reflection; a Logback logger
   * whose own level is null has not been configured.
   */
  private static void quietLogback() {
    try {
      ClassLoader loader = LoggerFactory.getILoggerFactory().getClass().getClassLoader();
      Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, loader);
      Object warn = levelClass.getField("WARN").get(null);
      for (String name : BROKER_LOGGERS) {
        Logger logger = LoggerFactory.getLogger(name);
        Method getLevel = logger.getClass().getMethod("getLevel");
        if (getLevel.invoke(logger) == null) {
          logger.getClass().getMethod("setLevel", levelClass).invoke(logger, warn);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Cannot lower the broker's Logback levels; leaving them as configured", e);
    }
  }
}
