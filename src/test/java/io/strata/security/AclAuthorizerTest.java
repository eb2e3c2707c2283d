package io.strata.security;

import static io.strata.security.AclPermission.ALLOW;
import static io.strata.security.AclPermission.DENY;
import static io.strata.security.Operation.ALL;
import static io.strata.security.Operation.ALTER;
import static io.strata.security.Operation.ALTER_CONFIGS;
import static io.strata.security.Operation.CREATE;
import static io.strata.security.Operation.DELETE;
import static io.strata.security.Operation.DESCRIBE;
import static io.strata.security.Operation.DESCRIBE_CONFIGS;
import static io.strata.security.Operation.IDEMPOTENT_WRITE;
import static io.strata.security.Operation.READ;
import static io.strata.security.Operation.WRITE;
import static io.strata.security.PatternType.LITERAL;
import static io.strata.security.PatternType.PREFIXED;
import static io.strata.security.ResourceType.CLUSTER;
import static io.strata.security.ResourceType.GROUP;
import static io.strata.security.ResourceType.TOPIC;
import static io.strata.security.ResourceType.TRANSACTIONAL_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kafka's ACL semantics, decided by {@link AclAuthorizer} over an {@link AclIndex}, as a table. */
class AclAuthorizerTest {

    private static final String ALICE = "User:alice";
    private static final Principal BROKER = Principal.user("replicator");
    private static final String HOST = "10.0.0.7";

    private static AclBinding acl(String principal, String host, ResourceType type, PatternType pattern, String name,
            Operation operation, AclPermission permission) {
        return new AclBinding(principal, host, type, pattern, name, operation, permission);
    }

    private static AclBinding allow(ResourceType type, PatternType pattern, String name, Operation operation) {
        return acl(ALICE, "*", type, pattern, name, operation, ALLOW);
    }

    private static AclBinding deny(ResourceType type, PatternType pattern, String name, Operation operation) {
        return acl(ALICE, "*", type, pattern, name, operation, DENY);
    }

    private static Caller alice() {
        return new Caller(Principal.user("alice"), HOST, Set.of());
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // name, ACLs, operation, resource type, resource name, expected
                Arguments.of("no ACL at all", List.of(), READ, TOPIC, "orders", false),
                Arguments.of("literal hit", List.of(allow(TOPIC, LITERAL, "orders", READ)), READ, TOPIC, "orders", true),
                Arguments.of("literal other name", List.of(allow(TOPIC, LITERAL, "orders", READ)), READ, TOPIC, "orders2", false),
                Arguments.of("literal other operation", List.of(allow(TOPIC, LITERAL, "orders", READ)), WRITE, TOPIC, "orders", false),
                Arguments.of("literal other type", List.of(allow(TOPIC, LITERAL, "orders", READ)), READ, GROUP, "orders", false),
                Arguments.of("prefix hit", List.of(allow(TOPIC, PREFIXED, "orders.", WRITE)), WRITE, TOPIC, "orders.eu", true),
                Arguments.of("prefix equals name", List.of(allow(TOPIC, PREFIXED, "orders.", WRITE)), WRITE, TOPIC, "orders.", true),
                Arguments.of("prefix miss", List.of(allow(TOPIC, PREFIXED, "orders.", WRITE)), WRITE, TOPIC, "payments", false),
                Arguments.of("prefix longer than name", List.of(allow(TOPIC, PREFIXED, "orders.", WRITE)), WRITE, TOPIC, "orders", false),
                Arguments.of("one of several prefixes", List.of(allow(TOPIC, PREFIXED, "a", READ), allow(TOPIC, PREFIXED, "orders.e", READ),
                        allow(TOPIC, PREFIXED, "zz", READ)), READ, TOPIC, "orders.eu", true),
                Arguments.of("wildcard literal", List.of(allow(TOPIC, LITERAL, "*", READ)), READ, TOPIC, "anything", true),
                Arguments.of("wildcard principal", List.of(acl("User:*", "*", TOPIC, LITERAL, "orders", READ, ALLOW)),
                        READ, TOPIC, "orders", true),
                Arguments.of("other principal", List.of(acl("User:bob", "*", TOPIC, LITERAL, "orders", READ, ALLOW)),
                        READ, TOPIC, "orders", false),
                Arguments.of("host match", List.of(acl(ALICE, HOST, TOPIC, LITERAL, "orders", READ, ALLOW)), READ, TOPIC, "orders", true),
                Arguments.of("host mismatch", List.of(acl(ALICE, "10.0.0.8", TOPIC, LITERAL, "orders", READ, ALLOW)),
                        READ, TOPIC, "orders", false),
                Arguments.of("deny wins over literal allow", List.of(allow(TOPIC, LITERAL, "orders", READ),
                        deny(TOPIC, LITERAL, "orders", READ)), READ, TOPIC, "orders", false),
                Arguments.of("prefix deny wins over literal allow", List.of(allow(TOPIC, LITERAL, "orders.eu", WRITE),
                        deny(TOPIC, PREFIXED, "orders.", WRITE)), WRITE, TOPIC, "orders.eu", false),
                Arguments.of("wildcard deny wins", List.of(allow(TOPIC, LITERAL, "orders", ALL),
                        acl("User:*", "*", TOPIC, LITERAL, "*", ALL, DENY)), READ, TOPIC, "orders", false),
                Arguments.of("deny of another operation does not deny", List.of(allow(TOPIC, LITERAL, "orders", ALL),
                        deny(TOPIC, LITERAL, "orders", WRITE)), READ, TOPIC, "orders", true),
                Arguments.of("deny of DESCRIBE does not deny READ", List.of(allow(TOPIC, LITERAL, "orders", READ),
                        deny(TOPIC, LITERAL, "orders", DESCRIBE)), READ, TOPIC, "orders", true),
                Arguments.of("deny on another host does not deny", List.of(allow(TOPIC, LITERAL, "orders", READ),
                        acl(ALICE, "10.9.9.9", TOPIC, LITERAL, "orders", READ, DENY)), READ, TOPIC, "orders", true),
                Arguments.of("READ implies DESCRIBE", List.of(allow(TOPIC, LITERAL, "orders", READ)), DESCRIBE, TOPIC, "orders", true),
                Arguments.of("WRITE implies DESCRIBE", List.of(allow(TOPIC, LITERAL, "orders", WRITE)), DESCRIBE, TOPIC, "orders", true),
                Arguments.of("DELETE implies DESCRIBE", List.of(allow(TOPIC, LITERAL, "orders", DELETE)), DESCRIBE, TOPIC, "orders", true),
                Arguments.of("ALTER implies DESCRIBE", List.of(allow(TOPIC, LITERAL, "orders", ALTER)), DESCRIBE, TOPIC, "orders", true),
                Arguments.of("CREATE does not imply DESCRIBE", List.of(allow(TOPIC, LITERAL, "orders", CREATE)),
                        DESCRIBE, TOPIC, "orders", false),
                Arguments.of("DESCRIBE does not imply READ", List.of(allow(TOPIC, LITERAL, "orders", DESCRIBE)), READ, TOPIC, "orders", false),
                Arguments.of("ALTER_CONFIGS implies DESCRIBE_CONFIGS", List.of(allow(TOPIC, LITERAL, "orders", ALTER_CONFIGS)),
                        DESCRIBE_CONFIGS, TOPIC, "orders", true),
                Arguments.of("ALL allows anything", List.of(allow(GROUP, LITERAL, "g", ALL)), DELETE, GROUP, "g", true),
                Arguments.of("cluster ACL", List.of(allow(CLUSTER, LITERAL, ResourceType.CLUSTER_NAME, IDEMPOTENT_WRITE)),
                        IDEMPOTENT_WRITE, CLUSTER, ResourceType.CLUSTER_NAME, true),
                Arguments.of("transactional id prefix", List.of(allow(TRANSACTIONAL_ID, PREFIXED, "tx-", WRITE)),
                        WRITE, TRANSACTIONAL_ID, "tx-1", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void shouldDecideAsKafkaWhenAclsMatchOrNot(String name, List<AclBinding> acls, Operation operation, ResourceType type,
            String resource, boolean expected) {
        AclAuthorizer authorizer = new AclAuthorizer(() -> new AclIndex(acls), List.of(), BROKER);

        assertEquals(expected, authorizer.authorize(alice(), operation, type, resource));
    }

    @Test
    void shouldAllowEverythingWhenCallerHasTheAdminRoleEvenAgainstADeny() {
        AclAuthorizer authorizer = new AclAuthorizer(() -> new AclIndex(List.of(deny(TOPIC, LITERAL, "*", ALL))), List.of(), BROKER);
        Caller admin = new Caller(Principal.user("alice"), HOST, Set.of(Caller.ADMIN_ROLE));

        assertTrue(authorizer.authorize(admin, DELETE, TOPIC, "orders"));
        assertFalse(authorizer.authorize(alice(), DELETE, TOPIC, "orders"));
    }

    @Test
    void shouldAllowEverythingWhenCallerIsAConfiguredSuperUser() {
        AclAuthorizer authorizer = new AclAuthorizer(() -> AclIndex.EMPTY, List.of("User:ops"), BROKER);

        assertTrue(authorizer.authorize(new Caller(Principal.user("ops"), HOST, Set.of()), ALTER, CLUSTER, "kafka-cluster"));
        assertFalse(authorizer.authorize(alice(), ALTER, CLUSTER, "kafka-cluster"));
    }

    @Test
    void shouldLetTheBrokerPrincipalReplicateButNotAnonymousWhenNoAclGrantsIt() {
        AclAuthorizer authorizer = new AclAuthorizer(() -> AclIndex.EMPTY, List.of(), BROKER);

        assertTrue(authorizer.authorize(new Caller(BROKER, HOST, Set.of()),
                Operation.CLUSTER_ACTION, CLUSTER, ResourceType.CLUSTER_NAME));
        assertFalse(authorizer.authorize(Caller.anonymous(HOST), Operation.CLUSTER_ACTION, CLUSTER, ResourceType.CLUSTER_NAME));
        // Only the configured inter-broker user is the broker principal, not a user merely named "broker".
        assertFalse(authorizer.authorize(new Caller(Principal.user("broker"), HOST, Set.of()),
                Operation.CLUSTER_ACTION, CLUSTER, ResourceType.CLUSTER_NAME));
    }

    @Test
    void shouldDenyWhenTheAclsCannotBeLoaded() {
        AclAuthorizer authorizer = new AclAuthorizer(() -> {
            throw new StrataException(ErrorKind.METADATA_STORE_UNAVAILABLE, "down");
        }, List.of(), BROKER);

        assertFalse(authorizer.authorize(alice(), READ, TOPIC, "orders"));
    }

    @Test
    void shouldFindSomeWritableTopicUnlessADenyCoversEveryAllow() {
        Caller alice = alice();

        assertTrue(new AclIndex(List.of(allow(TOPIC, PREFIXED, "orders.", WRITE))).allowsSome(alice, WRITE, TOPIC));
        assertFalse(new AclIndex(List.of(allow(TOPIC, PREFIXED, "orders.", READ))).allowsSome(alice, WRITE, TOPIC));
        assertFalse(new AclIndex(List.of(allow(TOPIC, LITERAL, "orders.eu", WRITE), deny(TOPIC, PREFIXED, "orders", WRITE)))
                .allowsSome(alice, WRITE, TOPIC));
        assertFalse(new AclIndex(List.of(allow(TOPIC, PREFIXED, "orders.", WRITE), deny(TOPIC, LITERAL, "*", ALL)))
                .allowsSome(alice, WRITE, TOPIC));
        assertTrue(new AclIndex(List.of(allow(TOPIC, PREFIXED, "orders.", WRITE), deny(TOPIC, LITERAL, "orders.eu", WRITE)))
                .allowsSome(alice, WRITE, TOPIC));
    }

    @Test
    void shouldRejectBindingsKafkaRejectsWhenConstructed() {
        assertThrows(StrataException.class, () -> acl("alice", "*", TOPIC, LITERAL, "t", READ, ALLOW));
        assertThrows(StrataException.class, () -> acl(ALICE, "", TOPIC, LITERAL, "t", READ, ALLOW));
        assertThrows(StrataException.class, () -> acl(ALICE, "*", TOPIC, LITERAL, "", READ, ALLOW));
        assertThrows(StrataException.class, () -> acl(ALICE, "*", TOPIC, PatternType.MATCH, "t", READ, ALLOW));
        assertThrows(StrataException.class, () -> acl(ALICE, "*", CLUSTER, LITERAL, "other", ALTER, ALLOW));
        StrataException e = assertThrows(StrataException.class, () -> acl(ALICE, "*", TOPIC, PatternType.ANY, "t", READ, ALLOW));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
    }

    @Test
    void shouldSelectBindingsAsKafkaFiltersDoWhenMatchingByPatternType() {
        AclBinding literal = allow(TOPIC, LITERAL, "orders.eu", READ);
        AclBinding wildcard = allow(TOPIC, LITERAL, "*", READ);
        AclBinding prefixed = allow(TOPIC, PREFIXED, "orders.", READ);
        AclBinding other = allow(TOPIC, PREFIXED, "pay", READ);

        AclBindingFilter match = new AclBindingFilter(null, null, TOPIC, PatternType.MATCH, "orders.eu", null, null);
        AclBindingFilter any = new AclBindingFilter(null, null, TOPIC, PatternType.ANY, "orders.", null, null);
        AclBindingFilter onlyDeny = new AclBindingFilter(null, null, null, null, null, null, DENY);

        assertEquals(List.of(literal, wildcard, prefixed), Stream.of(literal, wildcard, prefixed, other).filter(match::matches).toList());
        assertEquals(List.of(prefixed), Stream.of(literal, wildcard, prefixed, other).filter(any::matches).toList());
        assertEquals(List.of(), Stream.of(literal, wildcard, prefixed, other).filter(onlyDeny::matches).toList());
        assertTrue(AclBindingFilter.ANY.matches(other));
    }
}
