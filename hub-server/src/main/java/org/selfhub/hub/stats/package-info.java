/**
 * Repository counters: downloads, likes and the trending score, kept in the {@code repository} row
 * where repo info and the listing read and sort them.
 *
 * <ul>
 * <li><b>Downloads</b> count as on huggingface.co: a GET or HEAD of a repository's query file. For a
 * model that is {@code config.json} (or {@code config.yaml}, {@code hyperparams.yaml},
 * {@code meta.yaml}) at the top level; a model without one counts its weight files instead. For a
 * dataset, any file counts; spaces have no downloads. A client (an account, or the address of an
 * anonymous caller) counts at most once per repository per UTC day, one row of
 * {@code repository_download}. {@code downloads} is the last 30 days, {@code downloadsAllTime} every
 * day.</li>
 * <li><b>Likes</b>: one per account and repository ({@code POST}/{@code DELETE
 * /api/{type}s/{id}/like}), listed by {@code GET /api/users/{name}/likes} and
 * {@code GET /api/{type}s/{id}/likers}.</li>
 * <li><b>Trending score</b>: likes received in the last 7 days plus a tenth of the downloads of the
 * last 7 days. It and the 30-day downloads are recomputed for a repository whenever its counters
 * change, and for every repository by a job shortly after each UTC midnight, when the windows move.</li>
 * </ul>
 */
package org.selfhub.hub.stats;
