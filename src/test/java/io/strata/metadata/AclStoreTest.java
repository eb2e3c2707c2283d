package io.strata.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.security.AclCache;
import io.strata.security.Caller;
import io.strata.security.Operation;
import io.strata.security.Principal;
import io.strata.security.ResourceType;
import io.strata.testing.Awaits;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The {@code acls} table on the real (embedded) PostgreSQL, and the ACL cache following it through NOTIFY. */
@QuarkusTest
class AclStoreTest {

    @Inject
    AclStore store;

    @Inject
    AclCache cache;

    private static String uniqueUser() {
        return "User:store-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static StoredAcl acl(String principal, String name, String operation, String permission) {
        return new StoredAcl(principal, "*", "TOPIC", "LITERAL", name, operation, permission);
    }

    @Test
    void shouldStoreOnceAndBumpTheMetadataVersionWhenAnAclIsCreated() {
        String user = uniqueUser();
        StoredAcl read = acl(user, "orders", "READ", "ALLOW");
        long before = store.load().version();

        int added = store.create(List.of(read, read));
        AclStore.Loaded afterCreate = store.load();
        int addedAgain = store.create(List.of(read));

        assertEquals(1, added);
        assertTrue(afterCreate.version() > before, "a write bumps metadata_version");
        assertEquals(1, afterCreate.acls().stream().filter(read::equals).count());
        assertEquals(0, addedAgain);
        assertEquals(afterCreate.version(), store.load().version(), "an existing ACL is no change");
    }

    @Test
    void shouldDeleteWhatEachFilterSelectsAndReportItPerFilterWhenDeleting() {
        String user = uniqueUser();
        StoredAcl read = acl(user, "orders", "READ", "ALLOW");
        StoredAcl write = acl(user, "orders", "WRITE", "ALLOW");
        StoredAcl deny = acl(user, "payments", "READ", "DENY");
        store.create(List.of(read, write, deny));
        Predicate<StoredAcl> onOrders = a -> a.principal().equals(user) && a.resourceName().equals("orders");
        Predicate<StoredAcl> reads = a -> a.principal().equals(user) && a.operation().equals("READ");

        List<List<StoredAcl>> deleted = store.delete(List.of(onOrders, reads));

        assertEquals(Set.of(read, write), Set.copyOf(deleted.get(0)));
        assertEquals(Set.of(read, deny), Set.copyOf(deleted.get(1)));
        assertTrue(store.load().acls().stream().noneMatch(a -> a.principal().equals(user)));
    }

    @Test
    void shouldFollowAnotherBrokersWriteThroughNotifyWhenTheCacheIsInUse() throws Exception {
        String name = UUID.randomUUID().toString().substring(0, 8);
        Caller caller = new Caller(Principal.user(name), "127.0.0.1", Set.of());
        assertFalse(cache.index().allows(caller, Operation.READ, ResourceType.TOPIC, "t"));

        // Written straight to the table, as another broker would: only NOTIFY tells this broker.
        store.create(List.of(acl("User:" + name, "t", "READ", "ALLOW")));

        Awaits.awaitValue(() -> cache.index().allows(caller, Operation.READ, ResourceType.TOPIC, "t"), allowed -> allowed,
                "the cache to pick up the new ACL", 10_000);
    }
}
