/**
 * The exceptions Tearline throws on purpose. {@link org.tearline.error.TearlineException} is
 * the unchecked base; each subclass is named for what failed and carries the HTTP status the
 * TAXII edge answers with. Messages are written for the person who sent the request: they name
 * the subject, the value and the limit, and never carry protected material, stack traces or
 * secrets. One place (the TAXII error mapper) turns them into TAXII error bodies.
 */
package org.tearline.error;
