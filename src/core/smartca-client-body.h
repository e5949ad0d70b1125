/* smartca-client-body.h: a JSON request body that may hold secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SmartcaClientBody SmartcaClientBody;

SmartcaClientBody *smartca_client_body_new (void);
void               smartca_client_body_free (SmartcaClientBody *self);
void               smartca_client_body_add_string (SmartcaClientBody *self,
                                                   const char        *name,
                                                   const char        *value);
void               smartca_client_body_add_secret (SmartcaClientBody *self,
                                                   const char        *name,
                                                   const char        *value);
void               smartca_client_body_add_int (SmartcaClientBody *self,
                                                const char        *name,
                                                gint64             value);
void               smartca_client_body_add_null (SmartcaClientBody *self,
                                                 const char        *name);
void               smartca_client_body_begin_object (SmartcaClientBody *self,
                                                     const char        *name);
void               smartca_client_body_end_object (SmartcaClientBody *self);
void               smartca_client_body_begin_array (SmartcaClientBody *self,
                                                    const char        *name);
void               smartca_client_body_end_array (SmartcaClientBody *self);
const char        *smartca_client_body_get_redacted (SmartcaClientBody *self);
GBytes            *smartca_client_body_to_bytes (SmartcaClientBody *self,
                                                 SmartcaClientBody *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaClientBody, smartca_client_body_free)

G_END_DECLS
