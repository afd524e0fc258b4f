/**
 * Spark batch jobs over the latency lake: one job per class, each with a thin {@code main}. Spark is
 * {@code provided}: spark-submit brings it on a cluster, scripts/leti puts it on the classpath locally.
 * Architecture features come from {@code dev.leti.features}, called from inside Spark tasks.
 */
package dev.leti.jobs;
