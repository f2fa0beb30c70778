package org.selfhub.worker.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The task runners by pipeline tag. */
public final class TaskRunners {

    private final Map<String, TaskRunner> byTask = new LinkedHashMap<>();

    public TaskRunners(List<TaskRunner> runners) {
        for (TaskRunner r : runners) {
            byTask.put(r.task(), r);
        }
    }

    /** Every task this worker implements. */
    public static TaskRunners all() {
        return new TaskRunners(List.of(new FeatureExtractionRunner(), new SentenceSimilarityRunner(),
                new TextClassificationRunner(), new TokenClassificationRunner(), new FillMaskRunner(),
                new QuestionAnsweringRunner(), new ZeroShotClassificationRunner(), new TextGenerationRunner(),
                new ImageClassificationRunner()));
    }

    public Optional<TaskRunner> get(String task) {
        return Optional.ofNullable(byTask.get(task));
    }

    public Set<String> tasks() {
        return byTask.keySet();
    }
}
