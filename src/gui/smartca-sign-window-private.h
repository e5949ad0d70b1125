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
  char                *stamp; /* the file as it was opened (smartca_sign_window_file_stamp) */
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

  /* The signed copy (smartca-sign-window-save.c) */
  SmartcaPdfDocument   *pdf;           /* the engine's view of the document, for its checks */
  char                 *chosen_output; /* NULL: the engine's default */
  GtkFileChooserNative *save_chooser;
  gboolean              sign_when_chosen;

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
  AdwActionRow    *output_row;
  GtkWidget       *output_button;
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
/* A file name or path as shown: UTF-8 whatever the bytes on disk, on one
 * line, and unable to reorder the text (no bidi controls) */
char *smartca_sign_window_shown_path (const char *path);

/* The file at @path as it is now (device, inode, size, times), to tell
 * whether it changed; NULL when it cannot be read */
char *smartca_sign_window_file_stamp (const char *path);

/* smartca-sign-window-preview.c: a new preview, after a short pause */
void smartca_sign_window_schedule_preview (SmartcaSignWindow *self);

/* smartca-sign-window-save.c: where the signed copy goes */
/* Whether @path is in a folder of the document portal (inside Flatpak,
 * /run/user/UID/doc/ID/ or /run/flatpak/doc/ID/), where only that file is
 * seen and nothing can be written beside it */
gboolean smartca_sign_window_is_portal_path (const char *path);
/* Whether the signed copy of @input_path cannot go to @output_path without
 * asking the user where to save it: a portal folder, or a folder that
 * cannot be written */
gboolean smartca_sign_window_output_needs_choice (const char *input_path,
                                                  const char *output_path);
/* The output path a run writes: the one chosen, else the engine's default */
char *smartca_sign_window_dup_output (SmartcaSignWindow *self);
/* Shows the output's name in the "Save As" row */
void smartca_sign_window_update_output (SmartcaSignWindow *self);
/* Whether the run may start now; FALSE when the Save chooser was opened
 * first (signing starts when a file is chosen) */
gboolean smartca_sign_window_output_ready (SmartcaSignWindow *self);
void     smartca_sign_window_save_dispose (SmartcaSignWindow *self);
void     smartca_sign_window_save_class_init (GtkWidgetClass *widget_class);

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
