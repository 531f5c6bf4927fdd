/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_CONSOLE_SCENARIO_H
#define LPWA_CONSOLE_SCENARIO_H

#include "at-console.h"

#include "ns3/error-model.h"
#include "ns3/lpwa-module.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <memory>
#include <string>

namespace ns3
{
namespace lpwa
{

class TestPkiHelper;
class RadioCellNetDevice;

/**
 * \brief The network the AT console and lpwa-modem-pty drive: one modelled module and a server
 *        node, built from AtConsole::Options.
 *
 * The module's node (10.0.0.2) and a server node (10.0.0.1) are joined by a point-to-point
 * link (`linkRate`, `linkDelay`). The server node runs a DnsServer holding `echo.example`,
 * `tls.example` and the `dns` entries, a TcpEchoServer on `echoPort` (unless 0) and, with
 * `server` "tls", a TlsServer on port 443 configured from the TLS server options. The module
 * (profile `model`, UART at `baud`) resolves names at 10.0.0.1. Streams: the module's from 0,
 * the TLS server's from 1000000, the outage error models' from 2000000.
 *
 * With `rat` (nbiot, ltem or cat1) the module's node sits on a modelled cell instead
 * (CellularNetworkHelper, technology from the profile's RATs: Cat-NB2 or Cat-NB1, Cat-M1
 * half duplex, Cat-1; device coverage class `ce` or MCL `mcl`), the server node behind the
 * gateway on a core link of `linkRate` and `linkDelay` (172.16.0.2; the module's address is
 * 100.64.0.2). The device attaches at power-on (time 0); the network gives the time
 * 26/06/01,00:00:00+00 at time 0 by NITZ (the TLS server's clock). The radio's streams
 * start at 3000000.
 *
 * Use: CheckOptions(), then optionally WritePki(), then Build() once; Dispose() before
 * Simulator::Destroy().
 */
class ConsoleScenario
{
  public:
    ConsoleScenario();
    ~ConsoleScenario();

    /**
     * \brief Check the options a user typed (model, baud, seed and run, link, TLS server and
     *        radio options), before anything is built.
     * \param options the options
     * \param[out] error what is wrong, naming the option
     * \return false if an option has a bad value
     */
    static bool CheckOptions(const AtConsole::Options& options, std::string& error);

    /**
     * \brief Check the radio options `rat` (nbiot|ltem|cat1, and one of the profile's RATs),
     *        `ce` (0..2, and a class the technology has) and `mcl` (dB, 0..200, not with
     *        `ce`); `ce` and `mcl` need `rat`; empty values are accepted (no radio).
     * \param options the options
     * \param[out] error what is wrong, naming the option
     * \return false if an option has a bad value
     */
    static bool CheckRadioOptions(const AtConsole::Options& options, std::string& error);

    /**
     * \brief Write the test PKI (seed `pkiSeed`) as PEM files into `pkiDir`, creating it.
     * \param options checked options with a non-empty `pkiDir`
     * \param[out] error what went wrong, naming the option
     * \return false if the directory or a file cannot be written
     */
    bool WritePki(const AtConsole::Options& options, std::string& error);

    /**
     * \brief Seed the random number generator and build nodes, link, servers and module.
     * \param options checked options
     * \param[out] error what is wrong (a TLS server configuration OpenSSL rejects)
     * \return false on an error
     */
    bool Build(const AtConsole::Options& options, std::string& error);

    /**
     * \brief Take the link between module node and server node down or up. With a radio
     *        (`rat`), the cell goes down or up instead (RadioCellNetDevice::SetAvailable): the
     *        device loses service, the module its PDP contexts (with its URCs), and the device
     *        reattaches when the cell returns.
     *
     * Down: both point-to-point devices drop every packet they receive (a RateErrorModel at
     * rate 1, installed on first use); up: they drop nothing. Open connections then time out
     * as TCP and TLS see fit, and the module reports it in its own URCs.
     * \param up false to take the link down
     */
    void SetLinkUp(bool up);

    /// \brief \return whether the link is up (true until SetLinkUp(false))
    bool IsLinkUp() const;

    /// \brief \return the modelled module (null before Build())
    Ptr<LpwaModule> GetModule() const;

    /// \brief \return node 0 (the module's) and node 1 (the server's)
    NodeContainer GetNodes() const;

    /// \brief \return the module's cell (null without `rat`)
    Ptr<RadioCellNetDevice> GetCell() const;

    /**
     * \brief The radio technology name an option set selects.
     * \param options checked options with a non-empty `rat`
     * \return "Cat-NB2", "Cat-NB1", "Cat-M1" or "Cat-1"
     */
    static std::string GetTechnologyName(const AtConsole::Options& options);

    /// \brief Dispose the module; call before Simulator::Destroy().
    void Dispose();

  private:
    std::unique_ptr<TestPkiHelper> m_pki; //!< the test PKI, once needed
    NodeContainer m_nodes;                //!< 0: module, 1: server
    NetDeviceContainer m_devices;         //!< the point-to-point devices
    Ptr<LpwaModule> m_module;             //!< the module
    Ptr<RateErrorModel> m_outage[2];      //!< receive error models of the two devices
    bool m_linkUp{true};                  //!< link state
    Ptr<RadioCellNetDevice> m_cell;       //!< the cell, with a radio
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_CONSOLE_SCENARIO_H
