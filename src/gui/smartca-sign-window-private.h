/* smartca-sign-window-private.h: what the signing window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * smartca-sign-window.c opens the document and runs the "place" stage (the
 * page, the box and the options); smartca-sign-window-preview.c draws the
 * live preview; smartca-sign-window-run.c runs the signing and its stages
 * ("progress", "otp", "done", "error").
 */

#pragma once

#include <poppler.h>

#include "smartca-page-view.h"
#include "smartca-sign-operation.h"
#include "smartca-sign-window.h"

G_BEGIN_DECLS

struct _SmartcaSignWindow
{
  AdwApplicationWindow parent_instance;

  SmartcaContext      *context;
  SmartcaCertificate  *certificate; /* the one chosen */
  GFile               *file;
  char                *path;
  SmartcaHistoryEntry *history_entry;
  GCancellable        *cancellable; /* loading, preview, check: cancelled in dispose */

  /* The document */
  PopplerDocument *document;
  guint            n_pages;
  double          *page_sizes; /* width, height of each page (displayed), from the engine */
  guint            page;

  /* The chooser: the certificates that can sign, in its order */
  GPtrArray *certificates;
  gboolean   updating; /* the window, not the user, changes the options */

  /* The preview */
  guint               preview_source;
  GCancellable       *preview_cancellable;
  SmartcaCertificate *image_certificate; /* whose image is in image */
  GdkPixbuf          *image;
  GdkTexture         *preview; /* the last one given to the page view */

  /* The run */
  SmartcaSignOperation *operation;
  GCancellable         *run_cancellable;
  gboolean              running;
  GApplication         *held; /* held while running, released when the run ends */
  gboolean              close_when_done;
  guint                 tick_source;
  char                 *output_path;

  /* Template children */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkSpinner      *loading_spinner;
  SmartcaPageView *page_view;
  GtkSpinButton   *page_spin;
  GtkLabel        *page_count_label;
  AdwComboRow     *certificate_row;
  AdwEntryRow     *reason_row;
  AdwEntryRow     *location_row;
  GtkSwitch       *invisible_switch;
  GtkWidget       *sign_button;
  GtkSpinner      *progress_spinner;
  GtkLabel        *progress_title;
  GtkLabel        *progress_label;
  GtkWidget       *cancel_button;
  GtkEditable     *otp_entry;
  GtkLabel        *otp_reason_label;
  GtkWidget       *otp_button;
  AdwStatusPage   *done_page;
  GtkLabel        *done_path_label;
  GtkLabel        *intact_label;
  GtkWidget       *open_button;
  GtkWidget       *folder_button;
  AdwStatusPage   *error_page;
  GtkWidget       *again_button;
  GtkWidget       *error_close_button;
};

/* smartca-sign-window.c */
void smartca_sign_window_show_stage (SmartcaSignWindow *self,
                                     const char        *stage);
void smartca_sign_window_show_place (SmartcaSignWindow *self);
void smartca_sign_window_show_error (SmartcaSignWindow *self,
                                     const char        *title,
                                     const char        *explanation,
                                     gboolean           can_try_again);
void smartca_sign_window_toast (SmartcaSignWindow *self,
                                const char        *text);
/* Whether @certificate signs through a method 1 business account (the OTP
 * is typed at signing time) */
gboolean smartca_sign_window_needs_otp (SmartcaCertificate *certificate);

/* smartca-sign-window-preview.c: a new preview, after a short pause */
void smartca_sign_window_schedule_preview (SmartcaSignWindow *self);

/* smartca-sign-window-run.c */
/* What went wrong (a title) and what to do (a sentence, or NULL when the
 * error's message says it) */
void smartca_sign_window_describe_error (const GError *error,
                                         const char  **title,
                                         const char  **hint);
/* The "error" stage for @error; @title: NULL for the error's own */
void smartca_sign_window_show_run_error (SmartcaSignWindow *self,
                                         const GError      *error,
                                         const char        *title,
                                         gboolean           can_try_again);
void smartca_sign_window_sign (SmartcaSignWindow *self);
void smartca_sign_window_cancel (SmartcaSignWindow *self);
/* close-request while a run is under way: cancels it and closes once it
 * has ended (the file being written is waited for) */
gboolean smartca_sign_window_close_while_running (SmartcaSignWindow *self);
void     smartca_sign_window_run_dispose (SmartcaSignWindow *self);
void     smartca_sign_window_run_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
