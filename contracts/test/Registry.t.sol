// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BaseTest} from "./Base.sol";
import {Registry} from "../src/Registry.sol";

contract RegistryTest is BaseTest {
    function test_registerRecordsOperator() public view {
        (address o, uint256 collateral, uint256 locked, uint64 leaving) = registry.operatorOfCommitter(committer);
        assertEq(o, owner, "owner");
        assertEq(collateral, 2 ether, "collateral");
        assertEq(locked, 0, "locked");
        assertEq(leaving, 0, "leaving");
        assertEq(registry.freeCollateral(owner), 2 ether, "free");
        bytes32 h = keccak256(vm.parseJsonBytes(fx, ".pops[0].pubkey"));
        assertEq(registry.ownerOfValidator(h), owner, "validator owner");
        assertEq(registry.totalDeposited(), 2 ether, "deposited");
    }

    function test_registerTwoInteropKeys() public {
        address other = address(0xb0b);
        vm.prank(owner);
        registry.requestUnregistration();
        vm.warp(block.timestamp + 2 days);
        vm.prank(owner);
        registry.withdraw();
        bytes[] memory pks = new bytes[](2);
        bytes[] memory pops = new bytes[](2);
        for (uint256 i = 0; i < 2; i++) {
            pks[i] = vm.parseJsonBytes(fx, string.concat(".pops[", i == 0 ? "0" : "1", "].pubkey"));
            pops[i] = vm.parseJsonBytes(fx, string.concat(".pops[", i == 0 ? "0" : "1", "].pop"));
        }
        vm.prank(owner);
        registry.register{value: 1 ether}(committer, pks, pops);
        assertEq(registry.validatorsOf(owner).length, 2, "validators");
        // The proofs are bound to the owner: someone else cannot register the same keys.
        vm.deal(other, 2 ether);
        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(Registry.ValidatorTaken.selector, keccak256(pks[0])));
        registry.register{value: 1 ether}(address(0xc0), pks, pops);
    }

    function test_registerRejectsBadInput() public {
        address other = address(0xb0b);
        vm.deal(other, 10 ether);
        bytes[] memory pks = new bytes[](1);
        bytes[] memory pops = new bytes[](1);
        pks[0] = vm.parseJsonBytes(fx, ".pops[1].pubkey");
        pops[0] = vm.parseJsonBytes(fx, ".pops[1].pop");

        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(Registry.InsufficientCollateral.selector, 0.5 ether, 1 ether));
        registry.register{value: 0.5 ether}(address(0xc0), pks, pops);

        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(Registry.BadCommitter.selector, committer));
        registry.register{value: 1 ether}(committer, pks, pops);

        // The proof was signed for (owner, committer), not for (other, 0xc0).
        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(Registry.BadProofOfPossession.selector, 0));
        registry.register{value: 1 ether}(address(0xc0), pks, pops);

        // A proof made by another key does not prove this one.
        pops[0] = vm.parseJsonBytes(fx, ".pops[0].pop");
        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(Registry.BadProofOfPossession.selector, 0));
        registry.register{value: 1 ether}(address(0xc0), pks, pops);

        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(Registry.AlreadyRegistered.selector, owner));
        registry.register{value: 1 ether}(address(0xc1), pks, pops);

        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(Registry.BadPubkeys.selector, 1, 0));
        registry.register{value: 1 ether}(address(0xc0), pks, new bytes[](0));
    }

    function test_unregistrationDelay() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(Registry.NotUnregistering.selector, owner));
        registry.withdraw();

        vm.prank(owner);
        registry.requestUnregistration();
        assertEq(registry.freeCollateral(owner), 0, "free while leaving");
        vm.expectRevert(abi.encodeWithSelector(Registry.Unregistering.selector, owner));
        registry.deposit{value: 1 ether}(owner);

        uint256 releaseAt = block.timestamp + 2 days;
        vm.warp(releaseAt - 1);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(Registry.TooEarly.selector, releaseAt - 1, releaseAt));
        registry.withdraw();

        vm.warp(releaseAt);
        uint256 before = owner.balance;
        vm.prank(owner);
        registry.withdraw();
        assertEq(owner.balance - before, 2 ether, "paid back");
        (address o,,,) = registry.operatorOfCommitter(committer);
        assertEq(o, address(0), "committer freed");
        assertEq(registry.totalWithdrawn(), 2 ether, "withdrawn");
    }

    function test_lockedCollateralBlocksWithdrawal() public {
        vm.prank(address(slasher));
        uint256 got = registry.lock(owner, 5 ether);
        assertEq(got, 2 ether, "lock is capped by free collateral");
        assertEq(registry.freeCollateral(owner), 0, "free");
        vm.prank(owner);
        registry.requestUnregistration();
        vm.warp(block.timestamp + 2 days);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(Registry.CollateralInUse.selector, 2 ether));
        registry.withdraw();
    }

    function test_onlySlasherMovesCollateral() public {
        vm.expectRevert(Registry.NotSlasher.selector);
        registry.lock(owner, 1);
        vm.expectRevert(Registry.NotSlasher.selector);
        registry.slash(owner, 1);
        vm.expectRevert(Registry.SlasherAlreadySet.selector);
        registry.setSlasher(address(this));
        vm.prank(owner);
        vm.expectRevert(Registry.NotDeployer.selector);
        registry.setSlasher(owner);
    }

    function test_depositAddsCollateral() public {
        registry.deposit{value: 3 ether}(owner);
        assertEq(registry.freeCollateral(owner), 5 ether, "free");
        vm.expectRevert(abi.encodeWithSelector(Registry.NotRegistered.selector, address(0xdead)));
        registry.deposit{value: 1}(address(0xdead));
    }

    receive() external payable {}
}

/// @notice Drives the registry through random deposits, locks, releases, slashes,
/// unregistrations, withdrawals and re-registrations, standing in for the slasher.
contract RegistryHandler {
    Registry internal immutable registry;
    address internal immutable owner;
    address internal immutable committer;
    bytes internal pk;
    bytes internal pop;
    Vm2 internal constant vm = Vm2(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    constructor(Registry r, address o, address c, bytes memory pk_, bytes memory pop_) {
        registry = r;
        owner = o;
        committer = c;
        pk = pk_;
        pop = pop_;
    }

    function deposit(uint96 amount) external {
        (,,, uint64 leaving) = registry.operatorOfCommitter(committer);
        (address o,,,) = registry.operatorOfCommitter(committer);
        if (o == address(0) || leaving != 0) return;
        amount = uint96(bound(amount, 0, 10 ether));
        vm.deal(address(this), amount);
        registry.deposit{value: amount}(owner);
    }

    function lock(uint96 amount) external {
        registry.lock(owner, amount);
    }

    function release(uint96 amount) external {
        (,, uint256 locked,) = registry.operatorOfCommitter(committer);
        registry.release(owner, bound(amount, 0, locked));
    }

    function slash(uint96 amount) external {
        (,, uint256 locked,) = registry.operatorOfCommitter(committer);
        registry.slash(owner, bound(amount, 0, locked));
    }

    function unregister() external {
        (address o,,, uint64 leaving) = registry.operatorOfCommitter(committer);
        if (o == address(0) || leaving != 0) return;
        vm.prank(owner);
        registry.requestUnregistration();
    }

    function withdraw(uint32 wait) external {
        vm.warp(block.timestamp + bound(wait, 0, 3 days));
        (address o,, uint256 locked, uint64 leaving) = registry.operatorOfCommitter(committer);
        if (o == address(0) || leaving == 0 || locked != 0 || block.timestamp < leaving + 2 days) return;
        vm.prank(owner);
        registry.withdraw();
    }

    function reregister(uint96 amount) external {
        (address o,,,) = registry.operatorOfCommitter(committer);
        if (o != address(0)) return;
        amount = uint96(bound(amount, 1 ether, 10 ether));
        vm.deal(owner, amount);
        bytes[] memory pks = new bytes[](1);
        bytes[] memory pops = new bytes[](1);
        pks[0] = pk;
        pops[0] = pop;
        vm.prank(owner);
        registry.register{value: amount}(committer, pks, pops);
    }

    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return hi <= lo ? lo : lo + x % (hi - lo + 1);
    }

    receive() external payable {}
}

interface Vm2 {
    function deal(address who, uint256 amount) external;
    function prank(address sender) external;
    function warp(uint256 timestamp) external;
}

contract RegistryInvariantTest is BaseTest {
    RegistryHandler internal handler;

    function setUp() public override {
        fx = vm.readFile("contracts/test/fixtures/l1.json");
        vm.chainId(vm.parseJsonUint(fx, ".chainId"));
        owner = vm.parseJsonAddress(fx, ".owner");
        committer = vm.parseJsonAddress(fx, ".committer");
        registry = new Registry(1 ether, 2 days);
        // The handler plays the slasher.
        handler = new RegistryHandler(
            registry, owner, committer, vm.parseJsonBytes(fx, ".pops[0].pubkey"), vm.parseJsonBytes(fx, ".pops[0].pop")
        );
        registry.setSlasher(address(handler));
        vm.deal(owner, 100 ether);
        registerOperator(2 ether);
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    /// Every wei deposited is held, was slashed or was withdrawn.
    function invariant_collateralConserved() public view {
        assertEq(
            registry.totalDeposited(),
            address(registry).balance + registry.totalSlashed() + registry.totalWithdrawn(),
            "deposits = balance + slashed + withdrawn"
        );
    }

    /// The registry holds exactly the operator's collateral, and never locks more than that.
    function invariant_lockedWithinCollateral() public view {
        (address o, uint256 collateral, uint256 locked,) = registry.operatorOfCommitter(committer);
        (,,, uint256 held,) = registry.operators(owner);
        if (o != address(0)) assertEq(held, collateral, "view");
        require(locked <= collateral, "locked above collateral");
        assertEq(address(registry).balance, held, "balance = collateral");
    }
}
