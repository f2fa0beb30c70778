package org.selfhub.worker.task;

import java.util.ArrayList;
import java.util.List;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

/**
 * Runs one pipeline task on a loaded model and produces exactly the response JSON of
 * inference-design.md §1.3 for that task.
 */
public interface TaskRunner {

    /** The pipeline tag, e.g. {@code text-classification}. */
    String task();

    /** Runs one request. Bad input is a {@link TaskException}. */
    JsonNode run(LoadedModel model, TaskRequest request) throws Exception;

    /**
     * Runs same-model requests together (§3.5). The default runs them one by one; runners that pad a
     * batch into one session call override it. Each outcome is a result or the request's own error.
     */
    default List<Outcome> runBatch(LoadedModel model, List<TaskRequest> requests) {
        List<Outcome> out = new ArrayList<>(requests.size());
        for (TaskRequest r : requests) {
            out.add(Outcome.of(() -> run(model, r)));
        }
        return out;
    }

    /** A request's result or its error. */
    record Outcome(JsonNode value, Exception error) {

        interface Body {
            JsonNode get() throws Exception;
        }

        static Outcome of(Body body) {
            try {
                return new Outcome(body.get(), null);
            } catch (Exception e) {
                return new Outcome(null, e);
            }
        }
    }
}
