package io.strata.kafka;

import io.strata.broker.PartitionManager;
import io.strata.config.StrataConfig;
import io.strata.log.LogManager;
import io.strata.log.PartitionLog;
import io.strata.security.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeLogDirs: this broker's one log directory ({@code strata.data-dir}) with the partitions it
 * hosts and their sizes (all of them for null topics, else the asked-for ones it has). Kafka's
 * reassignment tool asks it where each replica lives. Strata has no future (moving) replicas, so no
 * entry is a future key and the offset lag is reported as 0. Needs DESCRIBE on the cluster (else
 * CLUSTER_AUTHORIZATION_FAILED, with no directories).
 */
@ApplicationScoped
public class DescribeLogDirsHandler implements ApiHandler {

    private final PartitionManager partitions;
    private final StrataConfig config;
    private final KafkaAuthorization auth;

    @Inject
    public DescribeLogDirsHandler(PartitionManager partitions, StrataConfig config, KafkaAuthorization auth) {
        this.partitions = partitions;
        this.config = config;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DescribeLogDirsRequestData request = context.body();
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData();
        if (!auth.allowedOnCluster(context, Operation.DESCRIBE)) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        LogManager manager = partitions.logManager();
        if (manager == null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()));
        }
        return context.blocking(() -> {
            Map<String, List<DescribeLogDirsPartition>> byTopic = new TreeMap<>();
            for (PartitionLog log : manager.allLogs()) {
                String topic = log.topicPartition().topic();
                int partition = log.topicPartition().partition();
                if (request.topics() != null && !asked(request, topic, partition)) {
                    continue;
                }
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(new DescribeLogDirsPartition()
                        .setPartitionIndex(partition).setPartitionSize(log.sizeInBytes()).setOffsetLag(0).setIsFutureKey(false));
            }
            Path dir = Path.of(config.dataDir()).toAbsolutePath();
            DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
            byTopic.forEach((topic, list) -> {
                list.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
                result.topics().add(new DescribeLogDirsTopic().setName(topic).setPartitions(list));
            });
            try {
                FileStore store = Files.getFileStore(dir);
                result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
            } catch (IOException e) {
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
            }
            response.results().add(result);
            return response;
        });
    }

    private static boolean asked(DescribeLogDirsRequestData request, String topic, int partition) {
        DescribeLogDirsRequestData.DescribableLogDirTopic wanted = request.topics().find(topic);
        return wanted != null && wanted.partitions().contains(partition);
    }
}
