/**
 * Warnings: the duty to warn, from the decision to the partner's acknowledgement. A warning is
 * a STIX report with Tearline's warning extension; it is decided (warn or waive, with a
 * justification) and takes effect only when a second user approves; it reaches each chosen
 * audience through that audience's release policy; receipts and feedback show who retrieved it
 * and who dismissed it; its window lapsing never retires it; and every step is in the
 * disclosure record, from which its timeline is drawn.
 */
package org.tearline.warning;
