package dev.leti.runner.android;

import android.os.Build;
import java.util.Locale;

/** The phone as the header names it, from {@link Build}: manufacturer, model and API level. */
final class AndroidDevice {
  private AndroidDevice() {}

  static String id() {
    String id = Build.MANUFACTURER + "-" + Build.MODEL + "-api" + Build.VERSION.SDK_INT;
    return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
  }
}
