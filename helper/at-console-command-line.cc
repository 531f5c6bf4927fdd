/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-console-command-line.h"

#include <sstream>

namespace ns3
{
namespace lpwa
{

AtConsoleCommandLine::AtConsoleCommandLine(AtConsole::Options& options)
    : m_options(options)
    , m_seed(options.seed)
    , m_run(options.run)
    , m_baud(options.baud)
    , m_echoPort(options.echoPort)
{
}

void
AtConsoleCommandLine::AddOptions(CommandLine& cmd,
                                 const std::string& baudHelp,
                                 const std::string& pkiDirHelp)
{
    cmd.AddValue("seed", "Random seed (>= 1)", m_seed);
    cmd.AddValue("run", "Run number (>= 1)", m_run);
    cmd.AddValue("baud", baudHelp, m_baud);
    cmd.AddValue("link-delay", "One-way delay between module node and server, ms", m_linkDelayMs);
    cmd.AddValue("link-rate", "Data rate of that link, e.g. 1Mbps", m_options.linkRate);
    cmd.AddValue("echo-port", "TCP echo server port on 10.0.0.1 (0: no echo server)", m_echoPort);
    cmd.AddValue("dns", "Extra DNS entries: name=a.b.c.d[,name=a.b.c.d]", m_dns);
    cmd.AddValue("server",
                 "Servers on 10.0.0.1: tcp-echo (TCP echo only) or tls (also a TLS echo "
                 "server on port 443, named tls.example)",
                 m_options.server);
    cmd.AddValue("dtls", "With --server=tls, also serve DTLS on UDP 443 (0|1)", m_options.dtls);
    cmd.AddValue("server-cert",
                 "TLS server certificate: valid|expired|not-yet-valid|wrong-host|self-signed|"
                 "untrusted-root|incomplete-chain",
                 m_options.serverCert);
    cmd.AddValue("server-key", "TLS server key type: rsa|ecdsa", m_options.serverKey);
    cmd.AddValue("client-auth",
                 "TLS client authentication: none|request|require",
                 m_options.clientAuth);
    cmd.AddValue("psk", "TLS server PSK: identity:hexkey", m_options.psk);
    cmd.AddValue("session-cache", "TLS server session-ID cache (0|1)", m_options.sessionCache);
    cmd.AddValue("tickets", "TLS server session tickets (0|1)", m_options.tickets);
    cmd.AddValue("server-cores", "TLS server CPU cores (1..1024)", m_options.serverCores);
    cmd.AddValue("server-min-version",
                 "Lowest TLS version the server accepts (tls1.0|tls1.1|tls1.2|tls1.3)",
                 m_options.serverMinVersion);
    cmd.AddValue("pki-dir", pkiDirHelp, m_options.pkiDir);
    cmd.AddValue("pki-seed", "Seed of the test PKI (>= 1)", m_options.pkiSeed);
    cmd.AddValue("mcu-speed",
                 "Crypto speed bracket of the module's MCU: slow (EC operations 4x, mbedTLS "
                 "without NIST_OPTIM), nominal or fast (e.g. the BG95's Cortex-A7 at 800 MHz)",
                 m_options.mcuSpeed);
    cmd.AddValue("boot",
                 "1: the module powers on at 0 s and answers after its boot URCs (Quectel RDY "
                 "... APP RDY), as a driver that waits for RDY expects; 0: ready at 0 s",
                 m_options.boot);
}

void
AtConsoleCommandLine::AddRadioOptions(CommandLine& cmd)
{
    cmd.AddValue("rat",
                 "Put the module on a modelled cell: nbiot|ltem|cat1 (one of the profile's "
                 "RATs); default: a point-to-point link",
                 m_options.rat);
    cmd.AddValue("ce",
                 "With --rat: the device's coverage class 0..2 (not with --mcl)",
                 m_options.ce);
    cmd.AddValue("mcl",
                 "With --rat: the device's coupling loss, dB (not with --ce)",
                 m_options.mcl);
    cmd.AddValue("network",
                 "With --rat: the network preset (live-robinson2019, the default, or "
                 "3gpp-evaluation)",
                 m_options.network);
}

bool
AtConsoleCommandLine::CheckRanges(const std::string& otherName,
                                  double otherValue,
                                  std::string& error) const
{
    std::ostringstream why;
    if (m_echoPort > 65535)
    {
        why << "--echo-port: " << m_echoPort << " is not a port number";
    }
    else if (!(m_linkDelayMs >= 0) || !(otherValue >= 0))
    {
        why << "--link-delay and " << otherName << " must be >= 0";
    }
    error = why.str();
    return error.empty();
}

bool
AtConsoleCommandLine::Apply(std::string& error)
{
    if (!m_dns.empty() && !AtConsole::ParseDnsEntries(m_dns, m_options.dns, error))
    {
        return false;
    }
    m_options.seed = m_seed;
    m_options.run = m_run;
    m_options.baud = m_baud;
    m_options.echoPort = static_cast<uint16_t>(m_echoPort);
    m_options.linkDelay = NanoSeconds(static_cast<int64_t>(m_linkDelayMs * 1e6 + 0.5));
    return true;
}

} // namespace lpwa
} // namespace ns3
