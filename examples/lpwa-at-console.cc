/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// lpwa-at-console: type AT commands at a modelled module and read its answers, with the
// simulated time of every line.
//
//   ./build/examples/lpwa-at-console --model=BG95-M3 --script=session.at
//   printf 'ATI\nAT+QIACT?\n' | ./build/examples/lpwa-at-console
//   ./build/examples/lpwa-at-console --script=session.at --expect=golden.txt --tolerance=0.001
//
// Script lines, transcript format and exit codes: see README.md and doc/lpwa-modem.rst.

#include "ns3/at-console.h"
#include "ns3/command-line.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    lpwa::AtConsole::Options options;
    std::string scriptPath = "-";
    std::string dns;
    double linkDelayMs = 20;
    double tolerance = 0;
    uint64_t seed = options.seed;
    uint64_t run = options.run;
    uint32_t baud = options.baud;
    uint32_t echoPort = options.echoPort;

    CommandLine cmd(__FILE__);
    cmd.Usage("Drive a modelled LPWA module with AT commands and print a timed transcript.");
    cmd.AddValue("model", "Module profile (BG95-M1..M6, BG95-MF, BG77, BG600L-M3)", options.model);
    cmd.AddValue("script", "Script file, or - for standard input", scriptPath);
    cmd.AddValue("seed", "Random seed (>= 1)", seed);
    cmd.AddValue("run", "Run number (>= 1)", run);
    cmd.AddValue("baud", "UART baud rate (8N1)", baud);
    cmd.AddValue("link-delay", "One-way delay between module node and server, ms", linkDelayMs);
    cmd.AddValue("link-rate", "Data rate of that link, e.g. 1Mbps", options.linkRate);
    cmd.AddValue("echo-port", "TCP echo server port on 10.0.0.1 (0: no echo server)", echoPort);
    cmd.AddValue("dns", "Extra DNS entries: name=a.b.c.d[,name=a.b.c.d]", dns);
    cmd.AddValue("server",
                 "Servers on 10.0.0.1: tcp-echo (TCP echo only) or tls (also a TLS echo "
                 "server on port 443, named tls.example)",
                 options.server);
    cmd.AddValue("dtls", "With --server=tls, also serve DTLS on UDP 443 (0|1)", options.dtls);
    cmd.AddValue("server-cert",
                 "TLS server certificate: valid|expired|not-yet-valid|wrong-host|self-signed|"
                 "untrusted-root|incomplete-chain",
                 options.serverCert);
    cmd.AddValue("server-key", "TLS server key type: rsa|ecdsa", options.serverKey);
    cmd.AddValue("client-auth",
                 "TLS client authentication: none|request|require",
                 options.clientAuth);
    cmd.AddValue("psk", "TLS server PSK: identity:hexkey", options.psk);
    cmd.AddValue("session-cache", "TLS server session-ID cache (0|1)", options.sessionCache);
    cmd.AddValue("tickets", "TLS server session tickets (0|1)", options.tickets);
    cmd.AddValue("server-cores", "TLS server CPU cores (1..1024)", options.serverCores);
    cmd.AddValue("server-min-version",
                 "Lowest TLS version the server accepts (tls1.0|tls1.1|tls1.2|tls1.3)",
                 options.serverMinVersion);
    cmd.AddValue("pki-dir",
                 "Write the test PKI (CA, server and client certificates and keys, PEM) to "
                 "this existing directory before the script runs",
                 options.pkiDir);
    cmd.AddValue("pki-seed", "Seed of the test PKI (>= 1)", options.pkiSeed);
    cmd.AddValue("expect",
                 "Golden transcript to compare with (exit 2 on a difference)",
                 options.expectPath);
    cmd.AddValue("tolerance", "Allowed timestamp drift against --expect, seconds", tolerance);
    cmd.Parse(argc, argv);

    if (echoPort > 65535)
    {
        std::cerr << "--echo-port: " << echoPort << " is not a port number" << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    if (!(linkDelayMs >= 0) || !(tolerance >= 0))
    {
        std::cerr << "--link-delay and --tolerance must be >= 0" << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    std::string error;
    if (!dns.empty() && !lpwa::AtConsole::ParseDnsEntries(dns, options.dns, error))
    {
        std::cerr << error << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    if (scriptPath == "-")
    {
        options.script.assign(std::istreambuf_iterator<char>(std::cin),
                              std::istreambuf_iterator<char>());
    }
    else
    {
        std::ifstream file(scriptPath, std::ios::binary);
        if (!file)
        {
            std::cerr << "--script: cannot read \"" << scriptPath << "\"" << std::endl;
            return lpwa::AtConsole::BAD_INPUT;
        }
        options.script.assign(std::istreambuf_iterator<char>(file),
                              std::istreambuf_iterator<char>());
        const size_t slash = scriptPath.rfind('/');
        options.scriptDirectory = slash == std::string::npos ? "." : scriptPath.substr(0, slash);
    }
    options.seed = seed;
    options.run = run;
    options.baud = baud;
    options.echoPort = static_cast<uint16_t>(echoPort);
    options.linkDelay = NanoSeconds(static_cast<int64_t>(linkDelayMs * 1e6 + 0.5));
    options.tolerance = NanoSeconds(static_cast<int64_t>(tolerance * 1e9 + 0.5));
    return lpwa::AtConsole::Run(options, std::cout, std::cerr);
}
