package org.selfhub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.selfhub.hub.system.HubPaths.Family;

/** Pins the routing order of the URL space (architecture.md). */
class HubPathsTests {

    @ParameterizedTest
    @CsvSource({
            "/api/models, API",
            "/api/models/acme/bert/resolve/main/x, API",
            "/api/datasets/acme/data/tree/main, API",
            "/acme/bert.git/info/refs, GIT",
            "/acme/bert/info/refs, GIT",
            "/acme/bert.git/git-upload-pack, GIT",
            "/acme/bert/git-receive-pack, GIT",
            "/acme/bert.git/info/lfs/objects/batch, GIT",
            "/acme/bert/info/lfs/objects/batch, GIT",
            "/datasets/acme/data/info/lfs/objects/batch, GIT",
            "/acme/bert.git/info/lfs/locks/verify, GIT",
            "/api/lfs/objects/0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0, API",
            "/datasets/acme/data.git/info/lfs/objects/batch, GIT",
            "/spaces/acme/app.git, GIT",
            "/acme/bert/resolve/main/config.json, FILES",
            "/acme/bert/resolve/refs%2Fpr%2F1/a/b.bin, FILES",
            "/datasets/acme/data/raw/main/train.csv, FILES",
            "/spaces/acme/app/resolve/main/app.py, FILES",
            "/hf-inference/models/acme/bert, INFERENCE",
            "/internal/inference/workers, INTERNAL",
            "/actuator/health, ACTUATOR",
            "/, WEB",
            "/acme/bert, WEB",
            "/acme/bert/tree/main, WEB",
            "/datasets/acme/data/blob/main/x.csv, WEB",
            "/models, WEB",
            "/assets/index-abc.js, WEB",
    })
    void classifiesPathsInRoutingOrder(String path, Family expected) {
        assertThat(HubPaths.classify(path)).isEqualTo(expected);
    }
}
