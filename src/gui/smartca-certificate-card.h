/* smartca-certificate-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "smartca-certificate.h"
#include "smartca-store.h"

G_BEGIN_DECLS

#define SMARTCA_TYPE_CERTIFICATE_CARD (smartca_certificate_card_get_type ())

/* The height of the signature image's preview */
#define SMARTCA_CERTIFICATE_CARD_PREVIEW_SIZE 48

G_DECLARE_FINAL_TYPE (SmartcaCertificateCard, smartca_certificate_card, SMARTCA, CERTIFICATE_CARD, GtkWidget)

SmartcaCertificateCard *smartca_certificate_card_new (void);
SmartcaCertificate     *smartca_certificate_card_get_certificate (SmartcaCertificateCard *self);
void                    smartca_certificate_card_set_certificate (SmartcaCertificateCard *self,
                                                                  SmartcaCertificate     *certificate);
void                    smartca_certificate_card_update (SmartcaCertificateCard *self);
void                    smartca_certificate_card_popup_menu (SmartcaCertificateCard *self);
void                    smartca_certificate_card_set_store (SmartcaCertificateCard *self,
                                                            SmartcaStore           *store);
void                    smartca_certificate_card_set_read_only (SmartcaCertificateCard *self,
                                                                gboolean                read_only);

G_END_DECLS
