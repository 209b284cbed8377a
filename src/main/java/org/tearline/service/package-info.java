/**
 * The services: what Tearline does, independent of how it is asked. Collections and objects
 * (validate, store, read with access checks), accounts, tokens and grants. The TAXII edge, the
 * command line and the console all call these; each call is one store transaction.
 */
package org.tearline.service;
