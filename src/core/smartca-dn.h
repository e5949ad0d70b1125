/* smartca-dn.h: reading the distinguished names SmartCA returns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *smartca_dn_dup_attribute (const char *dn,
                                const char *key);
void  smartca_dn_dup_two (const char *dn,
                          const char *key1,
                          char      **value1,
                          const char *key2,
                          char      **value2);
char *smartca_dn_dup_id_number (const char *dn,
                                char      **kind);
char *smartca_dn_split_uid (const char *uid,
                            char      **kind);

G_END_DECLS
