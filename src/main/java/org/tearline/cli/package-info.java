/**
 * The command line (picocli): serve, users, tokens, collections, grants, import and export.
 * Commands work on the data directory directly, as the operator; each opens the application,
 * does one thing and reports it. Usage errors exit with 2, failed operations with 1.
 */
package org.tearline.cli;
