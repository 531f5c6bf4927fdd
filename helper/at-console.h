/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_CONSOLE_H
#define LPWA_AT_CONSOLE_H

#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The AT console: one host, one modelled module and a server node, driven by a script.
 *
 * It is what `build/examples/lpwa-at-console` runs, and what tests call in-process. The
 * network side: the module's node (10.0.0.2) and a server node (10.0.0.1) joined by a
 * point-to-point link; the server runs a TCP echo server (port 7) and a DNS server whose table
 * holds `echo.example` and `tls.example` (and any `--dns` entries). The module's resolver asks
 * 10.0.0.1. With `server` "tls" the server node also runs a TlsServer on port 443 (DTLS on UDP
 * 443 with `dtls` "1"), echoing, with a certificate from TestPkiHelper (seed `pkiSeed`).
 * With `rat` the module's node sits on a modelled cell instead (ConsoleScenario).
 */
class AtConsole
{
  public:
    /// What a run does.
    struct Options
    {
        std::string model{"BG95-M3"};     //!< module profile
        std::string script;               //!< script text
        std::string scriptDirectory{"."}; //!< for relative @file paths
        uint64_t seed{1};                 //!< RngSeedManager seed
        uint64_t run{1};                  //!< RngSeedManager run number
        uint32_t baud{115200};            //!< UART baud rate
        Time linkDelay{MilliSeconds(20)}; //!< one-way delay module node <-> server
        std::string linkRate{"1Mbps"};    //!< link data rate
        uint16_t echoPort{7};             //!< TCP echo server port (0: none)
        std::vector<std::pair<std::string, std::string>> dns; //!< extra name -> IPv4 entries
        std::string expectPath;                               //!< golden transcript ("" for none)
        Time tolerance{Seconds(0)};                           //!< allowed timestamp drift
        std::string server{"tcp-echo"};                       //!< --server: tcp-echo | tls
        std::string dtls{"0"};                  //!< --dtls: 0 | 1 (TLS server also on UDP 443)
        std::string serverCert{"valid"};        //!< --server-cert: a TestPkiHelper case name
        std::string serverKey{"rsa"};           //!< --server-key: rsa | ecdsa
        std::string clientAuth{"none"};         //!< --client-auth: none | request | require
        std::string psk;                        //!< --psk: identity:hexkey ("" for none)
        std::string sessionCache{"1"};          //!< --session-cache: 0 | 1
        std::string tickets{"1"};               //!< --tickets: 0 | 1
        std::string serverCores{"1"};           //!< --server-cores: 1..1024
        std::string serverMinVersion{"tls1.0"}; //!< --server-min-version: tls1.0..tls1.3
        std::string pkiDir;       //!< --pki-dir: write the test PKI there ("" for none)
        std::string pkiSeed{"1"}; //!< --pki-seed: TestPkiHelper seed (>= 1)
        std::string rat;          //!< --rat: nbiot | ltem | cat1 ("" for none: point-to-point link)
        std::string ce;           //!< --ce: coverage class 0..2 with --rat ("" for the MCL's class)
        std::string mcl;          //!< --mcl: device MCL in dB with --rat ("" for the radio default)
        std::string network;      //!< --network: network preset with --rat ("" for the default)
        std::string mcuSpeed{"nominal"}; //!< --mcu-speed: slow | nominal | fast
        std::string boot{"0"}; //!< --boot: 1 powers the module on at 0 s (boot URCs), 0 ready
    };

    /// Exit codes.
    enum ExitCode
    {
        SUCCESS = 0,         //!< the script ran and matched any golden transcript
        SCRIPT_FAILED = 1,   //!< a wait timed out
        EXPECT_MISMATCH = 2, //!< the transcript differs from the golden one
        BAD_INPUT = 3        //!< bad options, script or golden file
    };

    /**
     * \brief Check options and script; build the scenario; run; print the transcript.
     * \param options what to run
     * \param out where the transcript goes
     * \param err where errors go
     * \return an ExitCode
     */
    static int Run(const Options& options, std::ostream& out, std::ostream& err);

    /**
     * \brief Parse a `--dns` value: `name=a.b.c.d[,name=a.b.c.d...]`.
     * \param text the value
     * \param[out] entries the entries
     * \param[out] error what is wrong
     * \return false on a malformed value
     */
    static bool ParseDnsEntries(const std::string& text,
                                std::vector<std::pair<std::string, std::string>>& entries,
                                std::string& error);

    /**
     * \brief Check the TLS server options (`server` ... `pkiSeed`).
     * \param options the options
     * \param[out] error what is wrong, naming the option (e.g. "--server-cert: ...")
     * \return false if an option has a bad value
     */
    static bool CheckServerOptions(const Options& options, std::string& error);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_CONSOLE_H
