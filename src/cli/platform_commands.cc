// istmo serve | init | org | user | audit | demo
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "cli/commands.h"
#include "cli/runtime.h"
#include "core/log.h"
#include "store/audit.h"

#ifndef ISTMO_VERSION
#define ISTMO_VERSION "dev"
#endif

namespace istmo::cli {

namespace {

constexpr const char* kDemoPassword = "Istmo-Demo-2024";

std::string DefaultDir(const std::string& relative) {
  // build/istmo -> <repo>/web/dist and <repo>/data; an installed istmo -> <prefix>/share/istmo/...
  std::filesystem::path exe(ExecutableDir());
  for (const auto& candidate : {exe / ".." / relative, exe / ".." / "share" / "istmo" / relative,
                                std::filesystem::path(relative)}) {
    std::error_code ec;
    if (std::filesystem::is_directory(candidate, ec)) {
      return std::filesystem::weakly_canonical(candidate, ec).string();
    }
  }
  return {};
}

// The stop signal's self-pipe (Serve): the handler only writes a byte, which is async-signal-safe.
int g_stop_pipe[2] = {-1, -1};
volatile sig_atomic_t g_stop_signal = 0;

extern "C" void OnStopSignal(int sig) {
  g_stop_signal = sig;
  const char byte = 1;
  const int saved = errno;
  (void)!::write(g_stop_pipe[1], &byte, 1);
  errno = saved;
}

struct ServeFlags {
  std::string host;
  int port = -1;
  std::string web_dir;
  std::string data_dir;
  std::string tls_cert;
  std::string tls_key;
};

void Serve(const ServeFlags& f) {
  // SIGTERM and SIGINT run a handler that wakes this thread through a pipe. A handler, not a
  // blocked mask and sigwait(): libraries start threads before main() (OpenBLAS's pool, for
  // dlib) with the signals unblocked, and a stop signal delivered to one of those would have
  // ended the process at once instead of finishing the requests in flight.
  if (::pipe2(g_stop_pipe, O_CLOEXEC) != 0) Fail(core::Internal("cannot create the stop pipe"));
  struct sigaction on_stop {};
  on_stop.sa_handler = OnStopSignal;
  on_stop.sa_flags = SA_RESTART;
  sigemptyset(&on_stop.sa_mask);
  sigaction(SIGTERM, &on_stop, nullptr);
  sigaction(SIGINT, &on_stop, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::vector<std::pair<std::string, std::string>> flags;
  if (!f.host.empty()) flags.emplace_back("server.host", f.host);
  if (f.port >= 0) flags.emplace_back("server.port", std::to_string(f.port));
  if (!f.web_dir.empty()) flags.emplace_back("server.web_dir", f.web_dir);
  if (!f.data_dir.empty()) flags.emplace_back("data_dir", f.data_dir);
  if (!f.tls_cert.empty()) flags.emplace_back("server.tls_cert", f.tls_cert);
  if (!f.tls_key.empty()) flags.emplace_back("server.tls_key", f.tls_key);
  Runtime rt =
      OrFail(app::OpenRuntime(OrFail(LoadConfig(flags)), {.create_template_key = true}));
  auto serving = OrFail(app::Serving::Start(
      rt, {.web_dir = DefaultDir("web/dist"), .data_dir = DefaultDir("data")}, ISTMO_VERSION));
  std::printf("istmo: listening on %s\n", serving->server().url().c_str());
  std::fflush(stdout);

  char byte = 0;
  while (::read(g_stop_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  const int sig = g_stop_signal;
  core::log::Info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  serving.reset();  // finishes running requests
  core::log::Info("stopped");
}

void PrintOrgs(const std::vector<auth::Organization>& orgs, bool json) {
  if (json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& o : orgs) {
      items.push_back({{"id", o.id}, {"name", o.name}, {"full_name", o.full_name},
                       {"country", o.country}, {"kind", o.kind}});
    }
    std::printf("%s\n", items.dump(2).c_str());
    return;
  }
  std::printf("%-12s %-7s %-18s %s\n", "NAME", "COUNTRY", "KIND", "FULL NAME");
  for (const auto& o : orgs) {
    std::printf("%-12s %-7s %-18s %s\n", o.name.c_str(), o.country.c_str(), o.kind.c_str(),
                o.full_name.c_str());
  }
}

struct DemoOrg {
  const char* name;
  const char* full_name;
  const char* country;
  const char* kind;
};

constexpr DemoOrg kDemoOrgs[] = {
    {"SENAFRONT", "Servicio Nacional de Fronteras", "PAN", "border"},
    {"SENAN", "Servicio Nacional Aeronaval", "PAN", "aeronaval"},
    {"SNM", "Servicio Nacional de Migración", "PAN", "migration"},
    {"ACP", "Autoridad del Canal de Panamá", "PAN", "canal"},
    // Customs: no "customs" kind exists; law enforcement is the closest.
    {"ANA", "Autoridad Nacional de Aduanas", "PAN", "law_enforcement"},
    {"DHS", "U.S. Department of Homeland Security", "USA", "homeland_security"},
    {"INL", "U.S. Department of State, Bureau of International Narcotics and Law Enforcement Affairs",
     "USA", "diplomatic"},
    {"SOUTHCOM", "U.S. Southern Command", "USA", "military"},
};

struct DemoUser {
  const char* username;
  const char* org;
  const char* display_name;
  store::Role role;
};

constexpr DemoUser kDemoUsers[] = {
    {"senafront.officer", "SENAFRONT", "Oficial de estación, Lajas Blancas", store::Role::kOfficer},
    {"senafront.supervisor", "SENAFRONT", "Supervisora de frontera, Darién", store::Role::kSupervisor},
    {"senafront.admin", "SENAFRONT", "Administrador SENAFRONT", store::Role::kAdmin},
    {"senan.officer", "SENAN", "Oficial de guardia marítima", store::Role::kOfficer},
    {"senan.supervisor", "SENAN", "Supervisor de operaciones aeronavales", store::Role::kSupervisor},
    {"snm.officer", "SNM", "Oficial de migración, San Vicente", store::Role::kOfficer},
    {"snm.analyst", "SNM", "Analista de migración", store::Role::kAnalyst},
    {"acp.analyst", "ACP", "Analista de seguridad del Canal", store::Role::kAnalyst},
    {"ana.analyst", "ANA", "Analista de riesgo, Aduanas", store::Role::kAnalyst},
    {"ana.officer", "ANA", "Oficial de inspección, Manzanillo", store::Role::kOfficer},
    {"ana.supervisor", "ANA", "Supervisora de inspecciones, Aduanas", store::Role::kSupervisor},
    {"dhs.analyst", "DHS", "DHS analyst", store::Role::kAnalyst},
    {"inl.analyst", "INL", "INL program analyst", store::Role::kAnalyst},
    {"southcom.analyst", "SOUTHCOM", "SOUTHCOM analyst", store::Role::kAnalyst},
};

void Demo() {
  Runtime rt = OrFail(OpenRuntime());
  const auto system = store::AccessScope::System();
  int orgs_added = 0, users_added = 0;
  for (const DemoOrg& o : kDemoOrgs) {
    if (rt.auth->FindOrganization(o.name)) continue;
    OrFail(rt.auth->CreateOrganization(system, {o.name, o.full_name, o.country, o.kind}));
    ++orgs_added;
  }
  auto existing = OrFail(rt.auth->ListUsers(system));
  for (const DemoUser& u : kDemoUsers) {
    bool present = std::any_of(existing.begin(), existing.end(),
                               [&](const auth::User& e) { return e.username == u.username; });
    if (present) continue;
    auto org = OrFail(rt.auth->FindOrganization(u.org));
    OrFail(rt.auth->CreateUser(system, {.org_id = org.id, .username = u.username,
                                        .display_name = u.display_name, .password = kDemoPassword,
                                        .roles = static_cast<std::uint8_t>(u.role)}));
    ++users_added;
  }
  LoadMigrationDemo(rt);
  LoadMaritimeDemo(rt);
  LoadCanalDemo(rt, DefaultDir("data"));
  std::fprintf(stderr, "istmo: demo data in %s (%d organizations and %d users added)\n",
               rt.db.c_str(), orgs_added, users_added);
  std::fprintf(stderr, "istmo: demo logins (password %s):\n", kDemoPassword);
  for (const DemoUser& u : kDemoUsers) {
    std::fprintf(stderr, "         %-22s %-10s %s\n", u.username, u.org,
                 std::string(store::RoleName(u.role)).c_str());
  }
}

}  // namespace

void AddPlatformCommands(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand("serve", "Serve the web app and the HTTP API");
    auto f = std::make_shared<ServeFlags>();
    AddDbOption(cmd);
    cmd->add_option("--host", f->host, "Address to listen on (default 127.0.0.1)");
    cmd->add_option("--port", f->port, "Port (default 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
    cmd->add_option("--web-dir", f->web_dir, "Built web app folder (default web/dist beside the binary)");
    cmd->add_option("--data-dir", f->data_dir, "Reference data folder (default data/)");
    cmd->add_option("--tls-cert", f->tls_cert, "PEM certificate: serve HTTPS");
    cmd->add_option("--tls-key", f->tls_key, "PEM private key of --tls-cert");
    cmd->callback([f] { Serve(*f); });
  }
  {
    auto* cmd = app.add_subcommand("init", "Create the database or apply pending migrations");
    AddDbOption(cmd);
    cmd->callback([] {
      Runtime rt = OrFail(OpenRuntime());
      auto applied = OrFail(rt.store->AppliedMigrations());
      std::printf("%s: %zu migrations applied\n", rt.db.c_str(), applied.size());
    });
  }
  {
    auto* org = app.add_subcommand("org", "Manage organizations")->require_subcommand(1);
    auto* add = org->add_subcommand("add", "Add an organization");
    AddDbOption(add);
    auto in = std::make_shared<auth::NewOrganization>();
    add->add_option("name", in->name, "Short name, e.g. SENAFRONT")->required();
    add->add_option("--full-name", in->full_name, "Full name")->required();
    add->add_option("--country", in->country, "ISO 3166 alpha-3 country, e.g. PAN")->required();
    add->add_option("--kind", in->kind, "border, aeronaval, migration, canal, homeland_security, "
                                        "law_enforcement, military, diplomatic or other")->required();
    add->callback([in] {
      Runtime rt = OrFail(OpenRuntime());
      auto o = OrFail(rt.auth->CreateOrganization(store::AccessScope::System(), *in));
      std::printf("%s\n", o.id.c_str());
    });
    auto* list = org->add_subcommand("list", "List organizations");
    AddDbOption(list);
    auto json = std::make_shared<bool>(false);
    list->add_flag("--json", *json, "Print JSON");
    list->callback([json] {
      Runtime rt = OrFail(OpenRuntime());
      PrintOrgs(OrFail(rt.auth->ListOrganizations(store::AccessScope::System())), *json);
    });
  }
  {
    auto* user = app.add_subcommand("user", "Manage users")->require_subcommand(1);
    auto* add = user->add_subcommand("add", "Add a user; the password is read from standard input");
    AddDbOption(add);
    struct AddFlags {
      std::string username, org, display_name;
      std::vector<std::string> roles;
    };
    auto f = std::make_shared<AddFlags>();
    add->add_option("username", f->username, "Login name (lowercase letters, digits, . _ -)")->required();
    add->add_option("--org", f->org, "Organization name or id")->required();
    add->add_option("--display-name", f->display_name, "Name shown in the interface")->required();
    add->add_option("--role", f->roles, "officer, analyst, supervisor or admin (repeatable)")->required();
    add->callback([f] {
      Runtime rt = OrFail(OpenRuntime());
      auto org = OrFail(rt.auth->FindOrganization(f->org));
      auto roles = OrFail(auth::ParseRoles(f->roles));
      std::string password = OrFail(ReadSecretLine("password"));
      auto u = OrFail(rt.auth->CreateUser(store::AccessScope::System(),
                                          {org.id, f->username, f->display_name, password, roles}));
      std::printf("%s\n", u.id.c_str());
    });
    auto* list = user->add_subcommand("list", "List users");
    AddDbOption(list);
    list->callback([] {
      Runtime rt = OrFail(OpenRuntime());
      auto users = OrFail(rt.auth->ListUsers(store::AccessScope::System()));
      auto orgs = OrFail(rt.auth->ListOrganizations(store::AccessScope::System()));
      std::printf("%-24s %-10s %-22s %-8s %s\n", "USERNAME", "ORG", "ROLES", "STATE", "NAME");
      for (const auto& u : users) {
        std::string org_name;
        for (const auto& o : orgs) {
          if (o.id == u.org_id) org_name = o.name;
        }
        std::string roles;
        for (const auto& r : auth::RoleNames(u.roles)) roles += (roles.empty() ? "" : ",") + r;
        std::printf("%-24s %-10s %-22s %-8s %s\n", u.username.c_str(), org_name.c_str(), roles.c_str(),
                    u.disabled ? "disabled" : "active", u.display_name.c_str());
      }
    });
    auto find_user = [](Runtime& rt, const std::string& username) {
      auto users = OrFail(rt.auth->ListUsers(store::AccessScope::System()));
      for (const auto& u : users) {
        if (u.username == username) return u;
      }
      Fail(core::NotFound("no user " + username));
    };
    auto target = std::make_shared<std::string>();
    auto* disable = user->add_subcommand("disable", "Disable a user and end their sessions");
    AddDbOption(disable);
    disable->add_option("username", *target)->required();
    disable->callback([target, find_user] {
      Runtime rt = OrFail(OpenRuntime());
      auto u = find_user(rt, *target);
      OrFail(rt.auth->UpdateUser(store::AccessScope::System(), u.id, {.disabled = true}));
    });
    auto* passwd = user->add_subcommand("passwd", "Set a user's password from standard input");
    AddDbOption(passwd);
    passwd->add_option("username", *target)->required();
    passwd->callback([target, find_user] {
      Runtime rt = OrFail(OpenRuntime());
      auto u = find_user(rt, *target);
      std::string password = OrFail(ReadSecretLine("new password"));
      OrFail(rt.auth->UpdateUser(store::AccessScope::System(), u.id, {.password = password}));
    });
  }
  {
    auto* audit = app.add_subcommand("audit", "Review the audit log")->require_subcommand(1);
    auto* verify = audit->add_subcommand(
        "verify", "Recompute the hash chain of every origin (site); exit 70 if one is broken");
    AddDbOption(verify);
    verify->callback([] {
      Runtime rt = OrFail(OpenRuntime());
      auto v = OrFail(rt.store->Read<store::AuditVerification>(
          [](store::Connection& c) { return store::VerifyAudit(c); }));
      for (const auto& ch : v.chains) {
        const std::string site = ch.origin + (ch.local ? " (this site)" : "");
        if (ch.ok) {
          std::printf("audit chain %s: intact, %lld entries\n", site.c_str(),
                      static_cast<long long>(ch.entries));
        } else {
          std::printf("audit chain %s: BROKEN at entry %lld: %s (%lld entries read)\n",
                      site.c_str(), static_cast<long long>(ch.first_bad_seq.value_or(0)),
                      ch.reason.c_str(), static_cast<long long>(ch.entries));
        }
      }
      if (!v.ok) {
        Fail(core::DataLoss("audit chain broken: " + v.reason + " (" + std::to_string(v.entries) +
                            " entries read)"));
      }
      std::printf("audit log intact: %lld entries in %zu chain(s)\n",
                  static_cast<long long>(v.entries), v.chains.size());
    });
    auto* list = audit->add_subcommand("list", "Print the newest entries");
    AddDbOption(list);
    auto limit = std::make_shared<int>(50);
    list->add_option("--limit", *limit, "How many (1-1000)")->check(CLI::Range(1, 1000));
    list->callback([limit] {
      Runtime rt = OrFail(OpenRuntime());
      auto records = OrFail(rt.store->Read<std::vector<store::AuditRecord>>([&](store::Connection& c) {
        return store::ListAudit(c, store::AccessScope::System(), *limit);
      }));
      for (const auto& r : records) {
        std::printf("%6lld %s %-20s %-22s %s %s\n", static_cast<long long>(r.seq),
                    core::FormatIso8601(r.at).c_str(), r.entry.actor.c_str(), r.entry.action.c_str(),
                    r.entry.object_type.c_str(), r.entry.object_id.c_str());
      }
    });
  }
  {
    auto* demo = app.add_subcommand("demo", "Load the demo organizations, users and data (idempotent)");
    AddDbOption(demo);
    demo->callback([] { Demo(); });
  }
}

}  // namespace istmo::cli
