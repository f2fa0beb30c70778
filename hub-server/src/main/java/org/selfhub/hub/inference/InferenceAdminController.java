package org.selfhub.hub.inference;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.Caller;
import org.selfhub.hub.shared.HubException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Hub administrators' view of the worker pool and the queue, and the drain and remove actions. */
@RestController
class InferenceAdminController {

    private final WorkerRegistry workers;
    private final AccessPolicy policy;

    InferenceAdminController(WorkerRegistry workers, AccessPolicy policy) {
        this.workers = workers;
        this.policy = policy;
    }

    /** Every worker with its state, device memory, the models it holds and its running jobs. */
    @GetMapping("/api/admin/inference/workers")
    List<Map<String, Object>> workers(Caller caller) {
        policy.requireHubAdmin(caller, false);
        return workers.listWorkers();
    }

    /** Counts per state, queue depth per model, and the most recent jobs. */
    @GetMapping("/api/admin/inference/jobs")
    Map<String, Object> jobs(Caller caller, @RequestParam(defaultValue = "100") int limit) {
        policy.requireHubAdmin(caller, false);
        return workers.jobOverview(Math.max(0, Math.min(limit, 1000)));
    }

    @PostMapping("/api/admin/inference/workers/{id}/drain")
    Map<String, Object> drain(Caller caller, @PathVariable String id) {
        policy.requireHubAdmin(caller, true);
        UUID workerId = parse(id);
        if (!workers.drain(workerId)) {
            throw HubException.notFound("Worker " + id + " not found");
        }
        return Map.of("id", id, "state", "draining");
    }

    @DeleteMapping("/api/admin/inference/workers/{id}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable String id) {
        policy.requireHubAdmin(caller, true);
        if (!workers.remove(parse(id))) {
            throw HubException.notFound("Worker " + id + " not found");
        }
        return ResponseEntity.noContent().build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw HubException.notFound("Worker " + id + " not found");
        }
    }
}
