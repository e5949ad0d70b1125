/* smartca-detail-business.h: the Detail's "Business SmartCA account" group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "smartca-context.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_DETAIL_BUSINESS (smartca_detail_business_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaDetailBusiness, smartca_detail_business, SMARTCA, DETAIL_BUSINESS, AdwPreferencesGroup)

/* Shows the group for a business certificate (smartca_business_is_supported())
 * and hides it for any other. Once. */
void smartca_detail_business_bind (SmartcaDetailBusiness *self,
                                   SmartcaContext        *context,
                                   SmartcaCertificate    *certificate);

G_END_DECLS
