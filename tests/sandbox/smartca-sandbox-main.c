/* smartca-sandbox-main.c: the SmartCA sandbox as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "smartca-sandbox.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError)         error = NULL;
  g_autoptr(SmartcaSandbox) sandbox = NULL;
  g_autoptr(GMainLoop)      loop = NULL;
  g_autofree char          *fault_name = NULL;
  int                       port = 0;
  double                    delay = 0;
  gint64                    clock_offset = 0;
  int                       sad_lifetime = 299;
  int                       pending_polls = 2;
  SmartcaSandboxFault       fault = SMARTCA_SANDBOX_FAULT_NONE;

  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Loopback port (default: any free one)", "PORT" },
    { "delay", 'd', 0, G_OPTION_ARG_DOUBLE, &delay, "Answer after this many seconds", "SECONDS" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING, &fault_name,
      "Misbehave: 401, 403, 500, malformed, truncated, not-json, close, mismatch, huge, deep, "
      "deep-error, redirect, trickle, api-error, bad-signature, user-rejected, expired",
      "FAULT" },
    { "clock-offset", 0, 0, G_OPTION_ARG_INT64, &clock_offset,
      "Run the sandbox's clock this many seconds ahead (negative: behind) of this computer's",
      "SECONDS" },
    { "sad-lifetime", 0, 0, G_OPTION_ARG_INT, &sad_lifetime,
      "How long a business signing's sad stays valid (default 299)", "SECONDS" },
    { "pending-polls", 0, 0, G_OPTION_ARG_INT, &pending_polls,
      "How many status polls a phone-confirmed signing stays pending before the phone answers "
      "(default 2)",
      "N" },
    { NULL }
  };

  setvbuf (stdout, NULL, _IOLBF, 0);

  context = g_option_context_new ("— a SmartCA SP769 server for trying the app offline");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (fault_name != NULL)
    {
      fault = smartca_sandbox_fault_from_name (fault_name);
      if ((int) fault < 0)
        {
          g_printerr ("Unknown fault “%s”\n", fault_name);
          return EXIT_FAILURE;
        }
    }

  if (port < 0 || port > 65535 || delay < 0 || delay > 600 || sad_lifetime < 0 ||
      sad_lifetime > 86400 || clock_offset < -10 * 365 * 86400 || clock_offset > 10 * 365 * 86400 ||
      pending_polls < 0 || pending_polls > 1000)
    {
      g_printerr ("Out of range: --port 0–65535, --delay 0–600, --sad-lifetime 0–86400, "
                  "--clock-offset ±315360000, --pending-polls 0–1000\n");
      return EXIT_FAILURE;
    }

  sandbox = smartca_sandbox_new (port, &error);
  if (sandbox == NULL)
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return EXIT_FAILURE;
    }
  smartca_sandbox_set_fault (sandbox, fault);
  smartca_sandbox_set_delay (sandbox, (guint) (delay * 1000));
  smartca_sandbox_set_clock_offset (sandbox, clock_offset);
  smartca_sandbox_set_sad_lifetime (sandbox, (guint) sad_lifetime);
  smartca_sandbox_set_pending_polls (sandbox, (guint) pending_polls);

  g_print ("SMARTCA_BASE_URL=%s\n", smartca_sandbox_get_base_url (sandbox));
  g_print ("SMARTCA_SP_ID=%s\n", SMARTCA_SANDBOX_SP_ID);
  g_print ("SMARTCA_SP_PASSWORD=%s\n", SMARTCA_SANDBOX_SP_PASSWORD);
  g_print ("# Business SmartCA account (0101234567, 0312345678-001, 0109998887): "
           "password %s, secret key %s (base32 %s)\n",
           SMARTCA_SANDBOX_BUSINESS_PASSWORD, SMARTCA_SANDBOX_BUSINESS_SECRET,
           SMARTCA_SANDBOX_BUSINESS_SECRET_BASE32);
  g_print ("# Try the IDs 001099012345, 0101234567, 079188000111, 036085001234_002, "
           "C1234567, 0312345678-001, 0109998887\n");

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return EXIT_SUCCESS;
}
