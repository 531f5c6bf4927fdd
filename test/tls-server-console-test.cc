/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/at-console.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// Run the console with one option changed; return the exit code and the error text.
int
RunWith(AtConsole::Options options, std::string& err)
{
    std::ostringstream out;
    std::ostringstream errors;
    const int code = AtConsole::Run(options, out, errors);
    err = errors.str();
    return code;
}

struct BadValue
{
    std::string AtConsole::Options::*field;
    std::string value;
    std::string option;
};

TEST(TlsServerConsoleTest, RejectsBadServerOptionsNamingTheOption)
{
    const std::vector<BadValue> cases{
        {&AtConsole::Options::server, "https", "--server"},
        {&AtConsole::Options::dtls, "yes", "--dtls"},
        {&AtConsole::Options::serverCert, "revoked", "--server-cert"},
        {&AtConsole::Options::serverKey, "dsa", "--server-key"},
        {&AtConsole::Options::clientAuth, "optional", "--client-auth"},
        {&AtConsole::Options::psk, "nokey", "--psk"},
        {&AtConsole::Options::psk, "id:abc", "--psk"},
        {&AtConsole::Options::psk, ":00ff", "--psk"},
        {&AtConsole::Options::sessionCache, "2", "--session-cache"},
        {&AtConsole::Options::tickets, "on", "--tickets"},
        {&AtConsole::Options::serverCores, "0", "--server-cores"},
        {&AtConsole::Options::serverCores, "four", "--server-cores"},
        {&AtConsole::Options::pkiSeed, "0", "--pki-seed"},
    };
    for (const auto& c : cases)
    {
        AtConsole::Options options;
        options.script = "AT\n";
        options.server = "tls";
        options.*(c.field) = c.value;
        std::string err;
        EXPECT_EQ(RunWith(options, err), AtConsole::BAD_INPUT) << c.option << " " << c.value;
        EXPECT_EQ(err.rfind(c.option + ": ", 0), 0u) << err;
    }
    AtConsole::Options options;
    options.script = "AT\n";
    options.pkiDir = "/proc/version/pki"; // under a regular file: cannot be created, even by root
    std::string err;
    EXPECT_EQ(RunWith(options, err), AtConsole::BAD_INPUT);
    EXPECT_EQ(err.rfind("--pki-dir: ", 0), 0u) << err;
}

TEST(TlsServerConsoleTest, PkiDirWritesTheTestPkiForScriptsToUpload)
{
    char pattern[] = "/tmp/lpwa-pki-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    const std::string dir = pattern;
    AtConsole::Options options;
    options.server = "tls";
    options.pkiDir = dir;
    options.pkiSeed = "3";
    // The script uploads a file written by --pki-dir (parsed after the PKI is written).
    options.script = "AT\n@file " + dir + "/ca-rsa.pem\n";
    std::string err;
    EXPECT_EQ(RunWith(options, err), AtConsole::SUCCESS) << err;
    for (const char* name : {"ca-rsa.pem",
                             "ca-ecdsa.pem",
                             "server-valid-rsa.pem",
                             "server-valid-rsa.key",
                             "server-expired-ecdsa.pem",
                             "client-1-rsa.pem",
                             "client-1-rsa.key"})
    {
        std::ifstream f(dir + "/" + name);
        std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        EXPECT_NE(text.find("-----BEGIN "), std::string::npos) << name;
        std::remove((dir + "/" + name).c_str());
    }
    std::system(("rm -rf '" + dir + "'").c_str());
}

TEST(TlsServerConsoleTest, TlsServerRunsWithEveryOptionSet)
{
    AtConsole::Options options;
    options.script = "AT\n";
    options.server = "tls";
    options.dtls = "1";
    options.serverCert = "expired";
    options.serverKey = "ecdsa";
    options.clientAuth = "require";
    options.psk = "device-1:00112233445566778899aabbccddeeff";
    options.sessionCache = "0";
    options.tickets = "0";
    options.serverCores = "4";
    std::string err;
    EXPECT_EQ(RunWith(options, err), AtConsole::SUCCESS) << err;
}

} // namespace
