package org.selfhub.hub.system;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Calls the clients make on their own that a self-hosted hub answers plainly (hub-api-contract.md §1.1). */
@RestController
class ClientSupportController {

    /** Python ≥1.19 asks for this while building its User-Agent; nothing to advertise here. */
    @GetMapping("/api/agent-harnesses")
    Map<String, Object> agentHarnesses() {
        return Map.of("standardEnvVars", List.of(), "harnesses", Map.of());
    }
}
