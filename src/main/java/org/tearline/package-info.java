/**
 * Tearline: a threat-warning exchange that shares STIX 2.1 intelligence over TAXII 2.1. This
 * package holds the entry point ({@link org.tearline.Main}) and the one place where everything
 * is wired together with constructors ({@link org.tearline.Tearline}).
 */
package org.tearline;
