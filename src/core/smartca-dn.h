/* smartca-dn.h: reading the distinguished names SmartCA returns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *key;
  char *value;
} SmartcaDnAttribute;

void        smartca_dn_attribute_free (SmartcaDnAttribute *attribute);
GPtrArray  *smartca_dn_parse          (const char         *dn);
char       *smartca_dn_dup_attribute  (const char         *dn,
                                       const char         *key);
void        smartca_dn_dup_two        (const char         *dn,
                                       const char         *key1,
                                       char              **value1,
                                       const char         *key2,
                                       char              **value2);
char       *smartca_dn_dup_id_number  (const char         *dn,
                                       char              **kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmartcaDnAttribute, smartca_dn_attribute_free)

G_END_DECLS
