/* smartca-certificate-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "smartca-certificate.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_CERTIFICATE_CARD (smartca_certificate_card_get_type ())

G_DECLARE_FINAL_TYPE (SmartcaCertificateCard, smartca_certificate_card, SMARTCA, CERTIFICATE_CARD, GtkWidget)

SmartcaCertificateCard *smartca_certificate_card_new (void);
SmartcaCertificate     *smartca_certificate_card_get_certificate (SmartcaCertificateCard *self);
void                    smartca_certificate_card_set_certificate (SmartcaCertificateCard *self,
                                                                  SmartcaCertificate     *certificate);
void                    smartca_certificate_card_update (SmartcaCertificateCard *self);
void                    smartca_certificate_card_popup_menu (SmartcaCertificateCard *self);
void                    smartca_certificate_card_set_read_only (SmartcaCertificateCard *self,
                                                                gboolean                read_only);

G_END_DECLS
