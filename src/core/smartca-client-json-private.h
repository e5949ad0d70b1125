/* smartca-client-json-private.h: helpers shared by the readers of answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *smartca_client_json_get_string (JsonObject *object,
                                            const char *name);
gboolean    smartca_client_json_is_null_or_absent (JsonObject *object,
                                                   const char *name);
gboolean    smartca_client_json_malformed (GError    **error,
                                           const char *detail);

G_END_DECLS
