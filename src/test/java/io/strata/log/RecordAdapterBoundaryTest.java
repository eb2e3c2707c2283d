package io.strata.log;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** kafka-clients moved its record classes once already: only one file may depend on where they live. */
class RecordAdapterBoundaryTest {

    @Test
    void shouldImportKafkaRecordInternalsOnlyInRecordBatchesWhenScanningSources() throws IOException {
        List<String> users;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            users = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains("org.apache.kafka.common.record.internal"))
                    .map(f -> f.getFileName().toString())
                    .toList();
        }
        assertEquals(List.of("RecordBatches.java"), users);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
