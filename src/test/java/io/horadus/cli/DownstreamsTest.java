package io.horadus.cli;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.PromotionSpec;
import io.horadus.local.ReleaseKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DownstreamsTest {

    private static final ReleaseKey STAGING = ReleaseKey.of("default", "staging");
    private static final ReleaseKey PRODUCTION = ReleaseKey.of("default", "production");
    private static final ReleaseKey EU = ReleaseKey.of("default", "production-eu");

    @Test
    void aReleaseWakesThoseThatNameItInTheirNamespaceOnly() {
        var downstreams = new Downstreams();
        downstreams.named(STAGING, spec());
        downstreams.named(PRODUCTION, spec("staging"));
        downstreams.named(EU, spec("qa", "staging"));
        downstreams.named(ReleaseKey.of("other", "production"), spec("staging"));

        assertThat(downstreams.of(STAGING)).containsExactlyInAnyOrder(PRODUCTION, EU);
        assertThat(downstreams.of(PRODUCTION)).isEmpty();
        assertThat(downstreams.of(ReleaseKey.of("other", "staging"))).containsExactly(ReleaseKey.of("other", "production"));
    }

    @Test
    void aManifestChangedOrGoneNoLongerWakes() {
        var downstreams = new Downstreams();
        downstreams.named(PRODUCTION, spec("staging"));
        downstreams.named(EU, spec("staging"));

        downstreams.named(PRODUCTION, spec("qa"));
        downstreams.forget(EU);

        assertThat(downstreams.of(STAGING)).isEmpty();
        assertThat(downstreams.of(ReleaseKey.of("default", "qa"))).containsExactly(PRODUCTION);
    }

    private static HoradusReleaseSpec spec(String... from) {
        var spec = new HoradusReleaseSpec();
        spec.setTag("v1.0.0");
        if (from.length > 0) {
            var promotion = new PromotionSpec();
            promotion.setFrom(new ArrayList<>(List.of(from)));
            spec.setPromotion(promotion);
        }
        return spec;
    }
}
