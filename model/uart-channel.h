/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_UART_CHANNEL_H
#define LPWA_UART_CHANNEL_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A simulated full-duplex UART between a host and a module.
 *
 * Each direction (HOST to MODULE, MODULE to HOST) is an independent serial line with its own
 * byte queue. A byte is delivered to the receiving side's callback when its last (stop) bit has
 * arrived. Byte k of a burst arrives at max(now, arrival of the previous byte) + GetByteTime():
 * bytes sent back to back are exactly one byte time apart and in order, and a line that went
 * idle restarts at the time of the next Send(). Each direction holds at most one pending
 * simulator event, which delivers one byte and schedules the next.
 *
 * Framing is 1 start bit, `DataBits` data bits, one parity bit unless `Parity` is NONE, and
 * `StopBits` stop bits (8N1 = 10 bits). The byte time is computed once whenever one of these
 * attributes or `BaudRate` changes, as the integer number of nanoseconds nearest to
 * 1e9 * bits / baud (halves round up), because the exact value is in general not a whole number
 * of nanoseconds: at 115200 8N1 it is 86806 ns instead of 86805.55... ns. A burst of n bytes
 * therefore takes exactly n * GetByteTime(), and rounding errors do not depend on burst
 * boundaries.
 *
 * Hardware flow control (`FlowControl` true) models RTS/CTS: a side that is not ready to
 * receive (SetReadyToReceive(side, false), i.e. its RTS deasserted, seen as CTS by the other
 * side) stops the other side's transmitter before the next byte starts; the byte already on the
 * wire still completes. When the side becomes ready again the next byte starts at that time. A
 * byte starts at the arrival of the previous one, so a receiver that deasserts RTS from its
 * receive callback still gets the byte that started at that instant (as real UARTs do).
 *
 * The DTR line is driven by the host and read by the module. It is modelled by its logic
 * level at the module's MAIN_DTR pin, as the Quectel hardware design and AT manuals describe
 * it: "Change MAIN_DTR from LOW to HIGH to make the module enter command mode" (with AT&D1).
 * On that TTL-level pin, LOW is the V.24 ON (asserted) state and HIGH is OFF (deasserted), so
 * the manual's LOW-to-HIGH edge is the V.24 DTR ON-to-OFF transition. The line starts LOW
 * (asserted: the host is present).
 */
class UartChannel : public Object
{
  public:
    /// The two ends of the UART.
    enum Side
    {
        HOST,  //!< the host (application processor) side
        MODULE //!< the cellular module side
    };

    /// The parity bit setting (`Parity` attribute).
    enum Parity
    {
        NONE, //!< no parity bit
        EVEN, //!< even parity bit
        ODD   //!< odd parity bit
    };

    /**
     * \brief Signature of the HostToModule and ModuleToHost trace sources.
     * \param byte the byte delivered to the receiving side
     */
    typedef void (*ByteTracedCallback)(uint8_t byte);

    /**
     * \brief Signature of the Dtr trace source.
     * \param high the new level of MAIN_DTR (true = HIGH = V.24 OFF)
     */
    typedef void (*DtrTracedCallback)(bool high);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UartChannel();
    ~UartChannel() override;

    /**
     * \brief Get the time one UART frame (one byte) takes on the line.
     * \return the byte time, rounded to the nearest nanosecond (see the class description)
     */
    Time GetByteTime() const;

    /**
     * \brief Get the time nBytes back-to-back bytes take on the line.
     * \param nBytes the number of bytes
     * \return nBytes * GetByteTime()
     */
    Time GetTransmitTime(uint32_t nBytes) const;

    /**
     * \brief Get the number of bits in one frame (start + data + parity + stop).
     * \return the frame length in bits (10 for 8N1)
     */
    uint32_t GetFrameBits() const;

    /**
     * \brief Queue bytes for transmission.
     * \param from the sending side; the bytes are delivered to the other side
     * \param data the bytes (may be null only if len is 0)
     * \param len the number of bytes
     */
    void Send(Side from, const uint8_t* data, size_t len);

    /**
     * \brief Queue the bytes of a string for transmission.
     * \param from the sending side; the bytes are delivered to the other side
     * \param data the bytes to send
     */
    void Send(Side from, const std::string& data);

    /**
     * \brief Set the callback that receives the bytes arriving at one side.
     * \param side the receiving side
     * \param cb called once per byte, at the time its last bit arrives (may be null)
     */
    void SetReceiveCallback(Side side, Callback<void, uint8_t> cb);

    /**
     * \brief Set whether a side is ready to receive (its RTS line, the other side's CTS).
     *
     * Only affects delivery when `FlowControl` is true. All sides start ready.
     * \param side the receiving side
     * \param ready true if it accepts bytes
     */
    void SetReadyToReceive(Side side, bool ready);

    /**
     * \brief Get whether a side is ready to receive.
     * \param side the receiving side
     * \return the level last set by SetReadyToReceive() (true initially)
     */
    bool IsReadyToReceive(Side side) const;

    /**
     * \brief Drive the MAIN_DTR line (host side).
     *
     * If the level changes, the DTR callback and the Dtr trace fire immediately.
     * \param high true for HIGH (V.24 OFF, deasserted), false for LOW (V.24 ON, asserted)
     */
    void SetDtrLevel(bool high);

    /**
     * \brief Get the MAIN_DTR level.
     * \return true if HIGH (V.24 OFF), false if LOW (V.24 ON; the initial level)
     */
    bool GetDtrLevel() const;

    /**
     * \brief Get whether DTR is asserted in V.24 terms.
     * \return true if DTR is ON, i.e. MAIN_DTR is LOW
     */
    bool IsDtrAsserted() const;

    /**
     * \brief Set the module-side callback for MAIN_DTR level changes.
     * \param cb called with the new level (true = HIGH) when it changes (may be null)
     */
    void SetDtrCallback(Callback<void, bool> cb);

    /**
     * \brief Get the number of bytes sent from a side and not yet delivered.
     * \param from the sending side
     * \return the bytes waiting in the queue, including the one on the wire
     */
    size_t GetQueuedBytes(Side from) const;

    /**
     * \brief Get the number of bytes delivered from a side to the other one.
     * \param from the sending side
     * \return the number of bytes delivered so far
     */
    uint64_t GetBytesDelivered(Side from) const;

  protected:
    void DoDispose() override;

  private:
    /// The state of one direction of the line.
    struct Direction
    {
        std::deque<uint8_t> queue; //!< bytes not yet delivered; front is on the wire if pending
        EventId event;             //!< delivery of the front byte, if it is on the wire
        Time lastArrival;          //!< arrival time of the last delivered byte
        uint64_t delivered{0};     //!< bytes delivered so far
        Callback<void, uint8_t> receive; //!< the receiving side's callback
        bool receiverReady{true};        //!< the receiving side's RTS
    };

    /**
     * \brief Get the direction whose sender is the given side.
     * \param from the sending side
     * \param what the API call, for the error message
     * \return the direction
     */
    Direction& GetDirection(Side from, const char* what);
    /**
     * \brief Const version of GetDirection().
     * \param from the sending side
     * \param what the API call, for the error message
     * \return the direction
     */
    const Direction& GetDirection(Side from, const char* what) const;

    /**
     * \brief Put the next queued byte on the wire if the line is idle and allowed to send.
     * \param from the sending side
     */
    void StartNextByte(Side from);

    /**
     * \brief Deliver the byte on the wire and start the next one.
     * \param from the sending side
     */
    void DeliverByte(Side from);

    /// Recompute m_byteTime from the framing attributes.
    void UpdateByteTime();

    /**
     * \brief Attribute setter for BaudRate.
     * \param baud bits per second, > 0
     */
    void SetBaudRate(uint32_t baud);
    /**
     * \brief Attribute getter for BaudRate.
     * \return bits per second
     */
    uint32_t GetBaudRate() const;
    /**
     * \brief Attribute setter for DataBits.
     * \param bits 5..8
     */
    void SetDataBits(uint32_t bits);
    /**
     * \brief Attribute getter for DataBits.
     * \return data bits per frame
     */
    uint32_t GetDataBits() const;
    /**
     * \brief Attribute setter for Parity.
     * \param parity the parity setting
     */
    void SetParity(Parity parity);
    /**
     * \brief Attribute getter for Parity.
     * \return the parity setting
     */
    Parity GetParity() const;
    /**
     * \brief Attribute setter for StopBits.
     * \param bits 1 or 2
     */
    void SetStopBits(uint32_t bits);
    /**
     * \brief Attribute getter for StopBits.
     * \return stop bits per frame
     */
    uint32_t GetStopBits() const;
    /**
     * \brief Attribute setter for FlowControl.
     * \param enabled true for RTS/CTS flow control
     */
    void SetFlowControl(bool enabled);
    /**
     * \brief Attribute getter for FlowControl.
     * \return true if RTS/CTS flow control is on
     */
    bool GetFlowControl() const;

    uint32_t m_baudRate{115200};        //!< BaudRate attribute
    uint32_t m_dataBits{8};             //!< DataBits attribute
    Parity m_parity{NONE};              //!< Parity attribute
    uint32_t m_stopBits{1};             //!< StopBits attribute
    bool m_flowControl{false};          //!< FlowControl attribute
    Time m_byteTime;                    //!< time of one frame, computed by UpdateByteTime()
    Direction m_hostToModule;           //!< bytes sent by the host
    Direction m_moduleToHost;           //!< bytes sent by the module
    bool m_dtrHigh{false};              //!< MAIN_DTR level (false = LOW = V.24 ON)
    Callback<void, bool> m_dtrCallback; //!< module-side DTR callback

    TracedCallback<uint8_t> m_hostToModuleTrace; //!< bytes delivered to the module
    TracedCallback<uint8_t> m_moduleToHostTrace; //!< bytes delivered to the host
    TracedCallback<bool> m_dtrTrace;             //!< MAIN_DTR level changes
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_UART_CHANNEL_H
