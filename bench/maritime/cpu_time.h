// bench/maritime/cpu_time.h — the maritime benches' clock: this process's CPU time (user +
// system), so that other users of a shared machine slow the wall clock, not the figures.
#pragma once

#include <sys/resource.h>

namespace istmo::bench {

inline double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace istmo::bench
