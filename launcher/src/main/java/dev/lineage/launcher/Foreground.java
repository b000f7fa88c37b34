package dev.lineage.launcher;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Runs a stack in the foreground until Ctrl-C or SIGTERM: prints {@code ready:} once it runs, then
 * closes it in order on this thread, so the exit code is 0 and nothing is cut mid-write.
 */
final class Foreground {
  /** Work to do once the stack runs (the demo), on the caller's thread; may throw to stop. */
  interface WhenReady {
    void run(LocalStack stack) throws Exception;
  }

  private Foreground() {}

  static int serve(LocalStack.Settings settings, PrintWriter out, WhenReady whenReady)
      throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Signal.handle(new Signal("TERM"), s -> stop.countDown());

    try (LocalStack stack = LocalStack.start(settings, out)) {
      out.println("ready: kafka=" + stack.bootstrapServers() + " http=" + stack.httpUrl());
      stack.explorerUrl().ifPresent(url -> out.println("explorer: " + url));
      out.flush();
      // A JVM exit that bypasses the signals (System.exit elsewhere) still closes the broker
      // cleanly.
      Thread hook = new Thread(stack::close, "lineage-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      whenReady.run(stack);
      stop.await();
      out.println("stopping ...");
      out.flush();
    }
    out.println("stopped");
    out.flush();
    return 0;
  }
}
