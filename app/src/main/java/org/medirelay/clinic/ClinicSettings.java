package org.medirelay.clinic;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The clinic's own choices, set by an administrator in the console: one document.
 *
 * @param keepChat keep each consult's chat with its appointment, for its participants to read later
 *     (off by default: chat lasts as long as the call)
 * @param updatedAt when an administrator last changed them; null while they are the defaults
 * @param updatedBy that administrator's user id
 */
@Document("clinic_settings")
public record ClinicSettings(@Id String id, boolean keepChat, Instant updatedAt, String updatedBy) {

  static final String ID = "clinic";

  static final ClinicSettings DEFAULTS = new ClinicSettings(ID, false, null, null);
}
