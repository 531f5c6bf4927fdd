/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_QUECTEL_SOCKET_COMMANDS_H
#define LPWA_QUECTEL_SOCKET_COMMANDS_H

#include "at-command-set.h"
#include "at-command.h"
#include "module-socket.h"
#include "quectel-data-path.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief Quectel TCP/IP socket commands (BG95/BG77/BG600L TCP/IP Application Note):
 *        `AT+QIOPEN`, `AT+QISEND`, `AT+QIRD`, `AT+QICLOSE`, `AT+QISTATE`, `AT+QISWTMD`, and
 *        `ATO` for the transparent connection.
 *
 * One ModuleSocket per connect ID (0 to ModuleProfile::GetSocketCount() - 1) carries the
 * data; this class turns its events into responses and URCs:
 * - buffer access mode: `+QIURC: "recv",<id>` when the buffer goes from empty to non-empty;
 * - direct push mode: `+QIURC: "recv",<id>,<len>` CR LF data, in chunks of at most
 *   ModuleProfile::GetMaxReadLength() bytes;
 * - transparent mode: `CONNECT`, data both ways, `+++` leaves it (the socket stays connected,
 *   now in buffer access mode), `ATO` or `AT+QISWTMD=<id>,2` returns, a peer close ends it with
 *   `NO CARRIER` (the socket is then in state 4 until `AT+QICLOSE`).
 *
 * A peer close in buffer or push mode gives `+QIURC: "closed",<id>` and state 4 (CLOSING)
 * until `AT+QICLOSE` (profile quirk CLOSED_SOCKET_WAITS_FOR_HOST_CLOSE; without it the ID is
 * released at once). A PDP deactivation (LpwaModule `PdpDeactivated`) closes the sockets of
 * that context: connected ones get `+QIURC: "closed",<id>`; an open still under way gets
 * `+QIOPEN: <id>,570` and, with the quirk CONNECT_ID_CLAIMED_AFTER_PDP_LOSS, its ID stays
 * claimed (state 4) so that a new `AT+QIOPEN` on it answers `+QIOPEN: <id>,563` until
 * `AT+QICLOSE`.
 */
class QuectelSocketCommands : public AtCommandSet
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QuectelSocketCommands();
    ~QuectelSocketCommands() override;

    void Install(Ptr<LpwaModule> module) override;
    void PowerOff() override;

    /**
     * \brief Get the socket of a connect ID.
     * \param connectId the ID
     * \return the socket, or nullptr outside the profile's range
     */
    Ptr<ModuleSocket> GetSocket(uint32_t connectId) const;

    /**
     * \brief Get the data path (formatting, send input, transparent mode) this set shares
     *        with the SSL socket commands.
     * \return the data path (null before Install())
     */
    Ptr<QuectelDataPath> GetDataPath() const;

  protected:
    void DoDispose() override;

  private:
    /// Pending QIOPEN result.
    void ReportOpen(uint32_t id, uint32_t err, bool transparent);
    void OnReceive(uint32_t id, uint32_t count, bool wasEmpty);
    void OnPeerClose(uint32_t id);
    void OnPdpDeactivated(uint32_t cid, bool byNetwork);
    bool ParseId(const AtParameter& p, uint32_t& id) const;
    void Fail(uint32_t code);

    void Qiopen(const AtCommand& c);
    void Qisend(const AtCommand& c);
    void Qird(const AtCommand& c);
    void Qiclose(const AtCommand& c);
    void Qistate(const AtCommand& c);
    void Qiswtmd(const AtCommand& c);
    void Qicfg(const AtCommand& c);

    Ptr<LpwaModule> m_module;                 //!< the module
    std::vector<Ptr<ModuleSocket>> m_sockets; //!< by connect ID
    std::vector<uint64_t> m_openSeq;          //!< per ID, invalidates stale open callbacks
    Ptr<QuectelDataPath> m_path;              //!< shared data path
    int64_t m_pendingTransparentOpen{-1};     //!< ID whose QIOPEN waits to answer CONNECT
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_QUECTEL_SOCKET_COMMANDS_H
