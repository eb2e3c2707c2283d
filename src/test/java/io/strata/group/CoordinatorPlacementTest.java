package io.strata.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.metadata.BrokerInfo;
import io.strata.metadata.BrokerLiveness;
import io.strata.metadata.MetadataImage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The ownership function of coordinator slots: one live owner per group, the same on every broker, minimal movement. */
class CoordinatorPlacementTest {

    private static BrokerInfo broker(int nodeId, boolean alive, boolean shuttingDown) {
        return new BrokerInfo(nodeId, Optional.empty(), "127.0.0.1", 9000 + nodeId, 8000 + nodeId, alive, shuttingDown);
    }

    private static MetadataImage image(BrokerInfo... brokers) {
        TreeMap<Integer, BrokerInfo> byId = new TreeMap<>();
        for (BrokerInfo b : brokers) {
            byId.put(b.nodeId(), b);
        }
        return new MetadataImage(1, "c", 1, 1, byId, new TreeMap<>());
    }

    private static MetadataImage live(int... nodeIds) {
        return image(Arrays.stream(nodeIds).mapToObj(n -> broker(n, true, false)).toArray(BrokerInfo[]::new));
    }

    @Test
    void shouldGiveEveryGroupExactlyOneLiveOwnerSeenAlikeByEveryBrokerWhenSomeBrokersAreDead() {
        MetadataImage image = image(broker(1, true, false), broker(2, false, false), broker(3, true, false),
                broker(4, true, false), broker(5, false, false));
        Set<Integer> liveIds = Set.of(1, 3, 4);
        for (int g = 0; g < 2000; g++) {
            String groupId = "group-" + g;
            int slot = CoordinatorPlacement.slotFor(groupId);
            int owner = CoordinatorPlacement.owners(image, 1)[slot];
            assertTrue(liveIds.contains(owner), groupId + " owned by dead or unknown broker " + owner);
            for (int self : liveIds) {
                assertEquals(owner, CoordinatorPlacement.owners(image, self)[slot], "broker " + self + " disagrees on " + groupId);
            }
        }
        Set<Integer> owning = new HashSet<>();
        Arrays.stream(CoordinatorPlacement.owners(image, 1)).forEach(owning::add);
        assertEquals(liveIds, owning, "every live broker coordinates some of the 50 slots");
    }

    @Test
    void shouldChooseTheSameCandidatesFromPostgresLivenessAsFromTheImageWhenBothAgree() {
        MetadataImage image = image(broker(1, true, false), broker(2, false, false), broker(3, true, true), broker(4, true, false));
        List<BrokerLiveness> liveness = image.brokers().values().stream()
                .map(b -> new BrokerLiveness(b.nodeId(), b.alive(), b.shuttingDown())).toList();
        for (int self : List.of(1, 2, 3, 4, 9)) {
            assertEquals(CoordinatorPlacement.candidates(image, self), CoordinatorPlacement.candidates(liveness, self));
        }
        assertEquals(List.of(1, 4), CoordinatorPlacement.candidates(liveness, 1));
        assertEquals(List.of(1, 4, 9), CoordinatorPlacement.candidates(liveness, 9), "an unregistered broker counts itself");
    }

    @Test
    void shouldComputeTheSameOwnersWhenCandidatesComeInAnotherOrder() {
        for (int slot = 0; slot < CoordinatorPlacement.COORDINATOR_SLOTS; slot++) {
            assertEquals(CoordinatorPlacement.ownerOf(slot, List.of(1, 2, 3, 7)),
                    CoordinatorPlacement.ownerOf(slot, List.of(7, 3, 1, 2)));
        }
    }

    @Test
    void shouldMoveOnlyTheDeadBrokersSlotsWhenABrokerDies() {
        int[] before = CoordinatorPlacement.owners(live(1, 2, 3, 4, 5), 1);
        int[] after = CoordinatorPlacement.owners(
                image(broker(1, true, false), broker(2, true, false), broker(3, false, false), broker(4, true, false),
                        broker(5, true, false)), 1);
        int moved = 0;
        for (int slot = 0; slot < before.length; slot++) {
            if (before[slot] == 3) {
                assertNotEquals(3, after[slot], "slot " + slot + " left the dead broker");
                moved++;
            } else {
                assertEquals(before[slot], after[slot], "slot " + slot + " of a live broker must not move");
            }
        }
        assertTrue(moved > 0, "broker 3 owned slots before it died");
    }

    @Test
    void shouldTakeOnlySlotsForItselfWhenABrokerJoins() {
        int[] before = CoordinatorPlacement.owners(live(1, 2, 3), 1);
        int[] after = CoordinatorPlacement.owners(live(1, 2, 3, 4), 1);
        for (int slot = 0; slot < before.length; slot++) {
            assertTrue(after[slot] == before[slot] || after[slot] == 4, "slot " + slot + " moved between old brokers");
        }
    }

    @Test
    void shouldOwnEverySlotWhenSingleBrokerOrNotYetInTheImage() {
        int[] all1 = new int[CoordinatorPlacement.COORDINATOR_SLOTS];
        Arrays.fill(all1, 1);
        assertArrayEquals(all1, CoordinatorPlacement.owners(MetadataImage.EMPTY, 1));
        assertArrayEquals(all1, CoordinatorPlacement.owners(live(1), 1));
        assertArrayEquals(all1, CoordinatorPlacement.owners(image(broker(1, true, true)), 1),
                "a single broker in controlled shutdown still coordinates");
    }

    @Test
    void shouldOwnNothingWhenTheImageSaysThisBrokerIsDead() {
        int[] owners = CoordinatorPlacement.owners(image(broker(1, false, false), broker(2, true, false)), 1);
        assertTrue(Arrays.stream(owners).allMatch(o -> o == 2), Arrays.toString(owners));
    }

    @Test
    void shouldHandGroupsOverWhenABrokerShutsDownInACluster() {
        int[] owners = CoordinatorPlacement.owners(
                image(broker(1, true, true), broker(2, true, false), broker(3, true, false)), 1);
        assertTrue(Arrays.stream(owners).noneMatch(o -> o == 1), Arrays.toString(owners));
    }
}
