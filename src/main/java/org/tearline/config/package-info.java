/**
 * Configuration: one YAML file plus command-line overrides, validated in full before anything
 * starts.
 */
package org.tearline.config;
