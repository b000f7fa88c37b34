package dev.lineage.cli;

import dev.lineage.cas.FsckReport;
import dev.lineage.id.Digest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lineage fsck}: re-hashes the whole store. */
@Command(
    name = "fsck",
    mixinStandardHelpOptions = true,
    description = {
      "Re-hash every object of the store and check that every stored directory is complete.",
      "Exit 0 when everything is intact, 1 otherwise."
    })
public final class FsckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin CasOption cas;

  @Override
  public Integer call() throws Exception {
    FsckReport report = cas.store().fsck();
    PrintWriter out = spec.commandLine().getOut();
    for (Digest d : report.corrupt()) {
      out.println("corrupt " + d);
    }
    for (FsckReport.Missing m : report.missing()) {
      out.println(
          "missing "
              + m.object()
              + (m.path().isEmpty() ? " (manifest of " : " (" + m.path() + " in ")
              + m.directory()
              + ")");
    }
    for (String p : report.problems()) {
      out.println("problem " + p);
    }
    out.println(
        report.objectsChecked()
            + " objects checked, "
            + report.corrupt().size()
            + " corrupt, "
            + report.missing().size()
            + " missing, "
            + report.problems().size()
            + " other problems");
    out.flush();
    if (!report.isClean()) {
      throw new CheckFailedException("the store is damaged (see the report above)");
    }
    return ExitCodes.OK;
  }
}
