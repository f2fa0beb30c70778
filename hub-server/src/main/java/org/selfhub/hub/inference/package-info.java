/**
 * Inference (inference-design.md): the Hugging Face inference routes under {@code hub.inference.prefix},
 * the job queue and scheduler in PostgreSQL (leases, warm affinity, delay scheduling, memory fit,
 * fair queuing, admission, the reaper), the worker protocol under {@code /internal/inference}
 * (docs/inference-protocol.md) and the admin views. Public: {@link org.selfhub.hub.inference.ModelReadTokens},
 * which the resolve route uses to accept a worker's repository-scoped read token.
 */
package org.selfhub.hub.inference;
