package io.strata.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka's {@code kafka-producer-perf-test.sh} and {@code kafka-consumer-perf-test.sh} against the broker. */
@QuarkusTest
class PerformanceToolsTest {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 20_000;
    /** ProducerPerformance's closing line: "N records sent, R records/sec (M MB/sec), A ms avg latency, ...". */
    private static final Pattern PRODUCER_TOTAL = Pattern.compile(
            "(\\d+) records sent, [\\d.]+ records/sec \\([\\d.]+ MB/sec\\), [\\d.]+ ms avg latency.*");

    @Inject
    KafkaServer server;

    private Admin admin;

    @BeforeEach
    void setUp() {
        admin = KafkaTestSupport.admin(server);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"1", "all"})
    void shouldSendEveryRecordWhenProducerPerformanceRuns(String acks) throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "perf-produce", PARTITIONS);

        ToolRunner.Result result = producerPerformance(topic, RECORDS, "acks=" + acks);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(RECORDS, recordsSent(result), result::toString);
        assertEquals(RECORDS, committedEndOffsetSum(topic));
    }

    /**
     * With acks=1 the producer hears back before the group commit's fsync, and the high watermark
     * (what ListOffsets latest reports) only covers fsynced data: wait for the fsync, boundedly.
     */
    private long committedEndOffsetSum(String topic) throws Exception {
        long sum = endOffsetSum(topic);
        for (int i = 0; i < 100 && sum < RECORDS; i++) {
            Thread.sleep(100);
            sum = endOffsetSum(topic);
        }
        return sum;
    }

    @Test
    void shouldConsumeEveryRecordWhenConsumerPerformanceRuns() throws Exception {
        String topic = KafkaTestSupport.createTopic(admin, "perf-consume", PARTITIONS);
        assertEquals(RECORDS, recordsSent(producerPerformance(topic, RECORDS, "acks=1")));

        ToolRunner.Result result = ToolRunner.inProcess(ConsumerPerformance::main,
                "--bootstrap-server", KafkaTestSupport.bootstrap(server),
                "--topic", topic,
                "--messages", Integer.toString(RECORDS),
                "--timeout", "60000");

        assertEquals(0, result.exitCode(), result::toString);
        // Header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
        List<String> lines = result.outLines().stream().filter(l -> !l.isBlank()).toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("start.time")).findFirst()
                .orElseThrow(() -> new AssertionError("no header in\n" + result)));
        String[] cells = lines.get(header + 1).split(",\\s*");
        assertEquals(RECORDS, Long.parseLong(cells[4].trim()), result::toString);
        assertEquals(RECORDS * 100 / (1024.0 * 1024.0), Double.parseDouble(cells[2].trim()), 0.01, result::toString);
    }

    private ToolRunner.Result producerPerformance(String topic, int records, String... producerProps) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--topic", topic,
                "--num-records", Integer.toString(records),
                "--record-size", "100",
                "--throughput", "-1",
                // Otherwise the tool's defaults: with acks=all that is the idempotent producer (InitProducerId).
                "--producer-props", "bootstrap.servers=" + KafkaTestSupport.bootstrap(server)));
        args.addAll(List.of(producerProps));
        return ToolRunner.inProcess(ProducerPerformance::main, args.toArray(String[]::new));
    }

    private static long recordsSent(ToolRunner.Result result) {
        List<String> lines = result.outLines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = PRODUCER_TOTAL.matcher(lines.get(i).trim());
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no total line in\n" + result);
    }

    private long endOffsetSum(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }
}
