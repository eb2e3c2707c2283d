package io.strata.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.kafka.KafkaServer;
import io.strata.kafka.KafkaTestSupport;
import io.strata.metadata.AclStore;
import io.strata.metadata.StoredAcl;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.tools.AclCommand;
import org.junit.jupiter.api.Test;

/** Kafka's {@code kafka-acls.sh} ({@link AclCommand}) adds, lists and removes ACLs through CreateAcls, DescribeAcls and DeleteAcls. */
@QuarkusTest
class AclCommandTest {

    @Inject
    KafkaServer server;

    @Inject
    AclStore store;

    private ToolRunner.Result acls(String... args) throws Exception {
        return ToolRunner.inProcess(AclCommand::main, ToolRunner.withBootstrap(KafkaTestSupport.bootstrap(server), args));
    }

    private List<StoredAcl> storedFor(String principal) {
        return store.load().acls().stream().filter(a -> a.principal().equals(principal)).toList();
    }

    @Test
    void shouldAddListAndRemoveAclsWhenKafkaAclsRuns() throws Exception {
        String user = "User:tool-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = KafkaTestSupport.uniqueTopic("tool-acl") + ".";

        ToolRunner.Result added = acls("--add", "--allow-principal", user, "--operation", "Write", "--operation", "Describe",
                "--topic", prefix, "--resource-pattern-type", "prefixed");
        ToolRunner.Result consumer = acls("--add", "--allow-principal", user, "--consumer", "--topic", prefix + "in",
                "--group", prefix + "group");
        ToolRunner.Result listed = acls("--list", "--principal", user);

        assertEquals(0, added.exitCode(), added::toString);
        assertEquals(0, consumer.exitCode(), consumer::toString);
        assertEquals(0, listed.exitCode(), listed::toString);
        assertTrue(listed.out().contains("name=" + prefix + ", patternType=PREFIXED"), listed::toString);
        assertTrue(listed.out().contains("principal=" + user + ", host=*, operation=WRITE, permissionType=ALLOW"),
                listed::toString);
        assertTrue(listed.out().contains("resourceType=GROUP, name=" + prefix + "group"), listed::toString);
        // --consumer is READ and DESCRIBE on the topic and READ on the group.
        assertEquals(5, storedFor(user).size(), () -> storedFor(user).toString());

        ToolRunner.Result removed = acls("--remove", "--force", "--allow-principal", user, "--operation", "Write",
                "--topic", prefix, "--resource-pattern-type", "prefixed");

        assertEquals(0, removed.exitCode(), removed::toString);
        List<StoredAcl> left = storedFor(user);
        assertEquals(4, left.size(), left::toString);
        assertFalse(left.stream().anyMatch(a -> a.operation().equals("WRITE")), left::toString);
    }

    @Test
    void shouldFailWithoutStoringWhenThePrincipalCannotBeParsed() throws Exception {
        String topic = KafkaTestSupport.uniqueTopic("tool-bad");

        ToolRunner.Result result = acls("--add", "--allow-principal", "nocolon", "--operation", "Read", "--topic", topic);

        assertTrue(result.exitCode() != 0, result::toString);
        assertTrue(store.load().acls().stream().noneMatch(a -> a.resourceName().equals(topic)));
    }
}
