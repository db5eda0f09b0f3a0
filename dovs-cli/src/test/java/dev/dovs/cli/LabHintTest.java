package dev.dovs.cli;

import dev.dovs.engine.LabStatus;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command dovs suggests runs as printed: it names the lab unless that is the default one. */
class LabHintTest {

    private static String info(String lab) {
        StringWriter w = new StringWriter();
        InfoPrinter.printText(new PrintWriter(w), new LabStatus.Snapshot(lab, List.of(), List.of(), List.of(),
                List.of("stray1"), null, Map.of()), true);
        return w.toString();
    }

    @Test
    void the_setup_summary_keeps_the_original_text_in_the_default_lab() {
        assertTrue(info("default").contains("\n\nRemember to Use \"dovs clean\" to clean up\n\n"), info("default"));
    }

    @Test
    void the_setup_summary_names_any_other_lab() {
        assertTrue(info("u6").contains("Remember to Use \"dovs --lab u6 clean\" to clean up"), info("u6"));
    }
}
