/**
 * Drives devices through adb (ddmlib) and the host runner, and writes raw runs into the lake. ddmlib and its
 * dependencies stay in this module, away from Spark's classpath.
 */
package dev.leti.collector;
