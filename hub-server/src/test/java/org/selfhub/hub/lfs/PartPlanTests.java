package org.selfhub.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartPlanTests {

    private static final long MIB = 1024 * 1024;

    @Test
    void splitsIntoChunksWithAShorterLastPart() {
        PartPlan plan = PartPlan.of(150 * MIB, 64 * MIB);

        assertThat(plan.chunkSize()).isEqualTo(64 * MIB);
        assertThat(plan.partCount()).isEqualTo(3);
        assertThat(plan.offset(1)).isZero();
        assertThat(plan.length(1)).isEqualTo(64 * MIB);
        assertThat(plan.offset(3)).isEqualTo(128 * MIB);
        assertThat(plan.length(3)).isEqualTo(22 * MIB);
    }

    @Test
    void anExactMultipleHasNoShortPart() {
        PartPlan plan = PartPlan.of(128 * MIB, 64 * MIB);

        assertThat(plan.partCount()).isEqualTo(2);
        assertThat(plan.length(2)).isEqualTo(64 * MIB);
    }

    @Test
    void aSmallObjectIsOnePart() {
        PartPlan plan = PartPlan.of(1, 64 * MIB);

        assertThat(plan.partCount()).isEqualTo(1);
        assertThat(plan.length(1)).isEqualTo(1);
    }

    @Test
    void growsTheChunkSoThatNoUploadNeedsMoreThanTenThousandParts() {
        long size = 1024L * 1024 * MIB; // 1 TiB
        PartPlan plan = PartPlan.of(size, 64 * MIB);

        assertThat(plan.chunkSize()).isEqualTo(109_951_163L);
        assertThat(plan.partCount()).isEqualTo(10_000);
        assertThat(plan.offset(10_000) + plan.length(10_000)).isEqualTo(size);
    }

    @Test
    void knowsWhichPartNumbersExist() {
        PartPlan plan = PartPlan.of(150 * MIB, 64 * MIB);

        assertThat(plan.hasPart(0)).isFalse();
        assertThat(plan.hasPart(1)).isTrue();
        assertThat(plan.hasPart(3)).isTrue();
        assertThat(plan.hasPart(4)).isFalse();
        assertThatThrownBy(() -> plan.length(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAPlanThatNeedsTooManyParts() {
        assertThatThrownBy(() -> PartPlan.signed(10_001, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PartPlan.signed(10_000, 1).partCount()).isEqualTo(10_000);
    }
}
