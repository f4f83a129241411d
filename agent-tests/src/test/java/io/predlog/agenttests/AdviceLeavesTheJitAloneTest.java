package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.jit.FeatureMapApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advice woven into a hot predict calls the agent's bridge, which the JIT must not inline into the application's
 * method: inlined, the recorder took the method's inlining budget and the application's own calls (its map's iterator,
 * {@code get}) stayed calls, and the iterator was allocated on every call. The bridge's entry points carry the JDK's
 * {@code @DontInline}, which HotSpot honours only for classes the bootstrap loader defined: this runs a real JVM
 * with the JIT's inlining decisions printed and reads them (the JIT's lines and the application's share standard
 * output, unsynchronised, so only the JIT's are read). Compilation is made synchronous, so that the compile of the
 * hot method has finished before the program ends however busy the machine is.
 */
class AdviceLeavesTheJitAloneTest {

    @Test
    void theBridgesEntryPointsAreNeverInlinedIntoTheApplicationsMethod() {
        JvmRun run = AgentJvm.main(FeatureMapApp.class)
                .agentArgs("predict.model=" + FeatureMapApp.Model.class.getName() + "#predict")
                .jvmOption("-XX:TieredStopAtLevel=4") // the harness's JVMs stop at C1; C2 is the one that ran out of budget
                // compile in the calling thread: on a busy machine a queued C2 compile could outlast the program
                .jvmOption("-Xbatch")
                .jvmOption("-XX:+UnlockDiagnosticVMOptions").jvmOption("-XX:+PrintCompilation")
                .jvmOption("-XX:+PrintInlining").args("100000").run().assertSucceeded();
        assertTrue(run.stdout().stream().anyMatch(line -> line.contains(FeatureMapApp.Model.class.getName() + "::predict")
                && line.matches(".*\\s4\\s+io\\.predlog\\..*")), "C2 compiled the woven predict\n" + run.describe());
        // enterOne and exitNumber: double predict(Map); enter and exit: Double predict(Map, double), whose advice
        // passes an argument array and the returned object
        for (String entry : List.of("PredlogBridge::enterOne", "PredlogBridge::enter", "PredlogBridge::exit",
                "PredlogBridge::exitNumber")) {
            // a decision about a call of the bridge: "@ <bytecode index>   <callee> (<size>)   <decision>"
            Pattern callSite = Pattern.compile("@\\s+\\d+\\s+io\\.predlog\\.agent\\.bootstrap\\." + entry + " ");
            List<String> decisions = run.stdout().stream().filter(line -> callSite.matcher(line).find()).toList();
            assertFalse(decisions.isEmpty(), "the JIT compiled the woven predict and considered " + entry + "\n"
                    + run.describe());
            assertTrue(decisions.stream().allMatch(line -> line.contains("don't inline by annotation")),
                    entry + " must never be inlined: " + decisions);
        }
        assertTrue(run.events().named("prediction_success").size() > 0, run.describe());
    }
}
